#include "core/working_calendar.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/local_time.h"
#include "core/status_macros.h"

namespace motcua::core {
namespace {

absl::Time PeriodStart(absl::CivilDay day, const WorkPeriod& p) {
  return FromLocal(absl::CivilSecond(day) + p.start_minute * 60);
}

absl::Time PeriodEnd(absl::CivilDay day, const WorkPeriod& p) {
  return FromLocal(absl::CivilSecond(day) + p.end_minute * 60);
}

int64_t MinutesOf(absl::Span<const WorkPeriod> periods) {
  int64_t minutes = 0;
  for (const WorkPeriod& p : periods) minutes += p.end_minute - p.start_minute;
  return minutes;
}

}  // namespace

absl::StatusOr<WorkingCalendar> WorkingCalendar::Create(
    WorkSchedule schedule, const std::vector<CalendarYear>& years) {
  WorkingCalendar calendar(std::move(schedule));
  for (const CalendarYear& y : years) {
    MOTCUA_RETURN_IF_ERROR(ValidateCalendarYear(y));
    if (calendar.years_.count(y.year) > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar year ", y.year, " is given twice"));
    }
    YearData data;
    data.provisional = y.provisional;
    const int days = static_cast<int>(absl::CivilDay(y.year + 1, 1, 1) -
                                      absl::CivilDay(y.year, 1, 1));
    data.kind_by_yearday.assign(days, DayKind::kOrdinary);
    for (const DaysOff& r : y.days_off) {
      for (absl::CivilDay d = r.first; d <= r.last; ++d) {
        data.kind_by_yearday[absl::GetYearDay(d) - 1] = DayKind::kOff;
      }
    }
    for (const MakeupDay& m : y.makeup_days) {
      data.kind_by_yearday[absl::GetYearDay(m.day) - 1] = DayKind::kMakeup;
    }
    data.minutes_before_yearday.assign(days + 1, 0);
    for (int i = 0; i < days; ++i) {
      const absl::CivilDay day = absl::CivilDay(y.year, 1, 1) + i;
      int64_t minutes = 0;
      switch (data.kind_by_yearday[i]) {
        case DayKind::kOff:
          break;
        case DayKind::kMakeup:
          minutes = MinutesOf(calendar.schedule_.ForMakeupDay());
          break;
        case DayKind::kOrdinary:
          minutes =
              MinutesOf(calendar.schedule_.ForWeekday(absl::GetWeekday(day)));
          break;
      }
      data.minutes_before_yearday[i + 1] =
          data.minutes_before_yearday[i] + minutes;
    }
    calendar.years_.emplace(y.year, std::move(data));
  }
  return calendar;
}

std::vector<int> WorkingCalendar::Years() const {
  std::vector<int> out;
  for (const auto& [year, data] : years_) out.push_back(year);
  return out;
}

absl::StatusOr<const WorkingCalendar::YearData*> WorkingCalendar::Year(
    int year) const {
  auto it = years_.find(year);
  if (it == years_.end()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the working calendar has no data for ", year,
        ": load that year's days off and make-up working days first"));
  }
  return &it->second;
}

absl::StatusOr<bool> WorkingCalendar::IsProvisional(int year) const {
  MOTCUA_ASSIGN_OR_RETURN(const YearData* data, Year(year));
  return data->provisional;
}

absl::StatusOr<absl::Span<const WorkPeriod>> WorkingCalendar::PeriodsOn(
    absl::CivilDay day) const {
  MOTCUA_ASSIGN_OR_RETURN(const YearData* data,
                          Year(static_cast<int>(day.year())));
  switch (data->kind_by_yearday[absl::GetYearDay(day) - 1]) {
    case DayKind::kOff:
      return absl::Span<const WorkPeriod>();
    case DayKind::kMakeup:
      return absl::MakeConstSpan(schedule_.ForMakeupDay());
    case DayKind::kOrdinary:
      break;
  }
  return absl::MakeConstSpan(schedule_.ForWeekday(absl::GetWeekday(day)));
}

absl::StatusOr<bool> WorkingCalendar::IsWorkingDay(absl::CivilDay day) const {
  MOTCUA_ASSIGN_OR_RETURN(absl::Span<const WorkPeriod> periods, PeriodsOn(day));
  return !periods.empty();
}

absl::StatusOr<absl::CivilDay> WorkingCalendar::NextWorkingDay(
    absl::CivilDay day) const {
  return WorkingDayOnOrAfter(day + 1);
}

absl::StatusOr<absl::CivilDay> WorkingCalendar::WorkingDayOnOrAfter(
    absl::CivilDay day) const {
  // Terminates: every year has working days (the schedule has some), or the
  // walk reaches a year without data and fails.
  for (;; ++day) {
    MOTCUA_ASSIGN_OR_RETURN(bool working, IsWorkingDay(day));
    if (working) return day;
  }
}

absl::StatusOr<absl::Time> WorkingCalendar::NormalizeToWorkingTime(
    absl::Time t) const {
  for (absl::CivilDay day = LocalDay(t);; ++day) {
    MOTCUA_ASSIGN_OR_RETURN(absl::Span<const WorkPeriod> periods,
                            PeriodsOn(day));
    for (const WorkPeriod& p : periods) {
      if (t < PeriodEnd(day, p)) return std::max(t, PeriodStart(day, p));
    }
  }
}

absl::StatusOr<absl::Time> WorkingCalendar::AddWorkingTime(
    absl::Time start, absl::Duration amount) const {
  if (amount < absl::ZeroDuration()) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot add a negative working time (",
                     absl::FormatDuration(amount), ")"));
  }
  if (amount == absl::ZeroDuration()) return start;
  absl::Duration remaining = amount;
  for (absl::CivilDay day = LocalDay(start);; ++day) {
    MOTCUA_ASSIGN_OR_RETURN(absl::Span<const WorkPeriod> periods,
                            PeriodsOn(day));
    for (const WorkPeriod& p : periods) {
      const absl::Time end = PeriodEnd(day, p);
      if (end <= start) continue;
      const absl::Time begin = std::max(start, PeriodStart(day, p));
      const absl::Duration available = end - begin;
      if (remaining <= available) return begin + remaining;
      remaining -= available;
    }
  }
}

absl::StatusOr<absl::Duration> WorkingCalendar::WorkingTimeBetween(
    absl::Time from, absl::Time to) const {
  if (to < from) {
    return absl::InvalidArgumentError(absl::StrCat(
        "working time asked for a range that ends (", absl::FormatTime(to),
        ") before it starts (", absl::FormatTime(from), ")"));
  }
  absl::Duration total = absl::ZeroDuration();
  const absl::CivilDay first = LocalDay(from);
  const absl::CivilDay last = LocalDay(to);
  // The first and last days, cut at `from` and `to`; the whole days between
  // them from the per-year sums (a dossier overdue for years would
  // otherwise cost a walk through every day since).
  for (const absl::CivilDay day : {first, last}) {
    MOTCUA_ASSIGN_OR_RETURN(absl::Span<const WorkPeriod> periods,
                            PeriodsOn(day));
    for (const WorkPeriod& p : periods) {
      const absl::Time begin = std::max(from, PeriodStart(day, p));
      const absl::Time end = std::min(to, PeriodEnd(day, p));
      if (begin < end) total += end - begin;
    }
    if (first == last) break;
  }
  if (last - first > 1) {
    MOTCUA_ASSIGN_OR_RETURN(const int64_t minutes,
                            WholeDayMinutes(first + 1, last - 1));
    total += absl::Minutes(minutes);
  }
  return total;
}

absl::StatusOr<int64_t> WorkingCalendar::WholeDayMinutes(
    absl::CivilDay first, absl::CivilDay last) const {
  int64_t minutes = 0;
  for (int year = static_cast<int>(first.year()); year <= last.year(); ++year) {
    MOTCUA_ASSIGN_OR_RETURN(const YearData* data, Year(year));
    const std::vector<int64_t>& before = data->minutes_before_yearday;
    const size_t from = year == first.year() ? absl::GetYearDay(first) - 1 : 0;
    const size_t to =
        year == last.year() ? absl::GetYearDay(last) : before.size() - 1;
    minutes += before[to] - before[from];
  }
  return minutes;
}

absl::StatusOr<absl::Time> WorkingCalendar::HalfDayStart(absl::Time t) const {
  const absl::CivilDay day = LocalDay(t);
  MOTCUA_ASSIGN_OR_RETURN(absl::Span<const WorkPeriod> periods, PeriodsOn(day));
  absl::Time latest_start_before = t;
  bool found_before = false;
  for (const WorkPeriod& p : periods) {
    const absl::Time start = PeriodStart(day, p);
    if (start < t && t <= PeriodEnd(day, p)) return start;
    if (start == t) return start;
    if (start < t) {
      latest_start_before = start;
      found_before = true;
    }
  }
  return found_before ? latest_start_before : t;
}

}  // namespace motcua::core

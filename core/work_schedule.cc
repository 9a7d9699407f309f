#include "core/work_schedule.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "core/status_macros.h"

namespace motcua::core {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr const char* kDayNames[7] = {"mon", "tue", "wed", "thu",
                                      "fri", "sat", "sun"};

std::string FormatMinute(int minute) {
  return absl::StrFormat("%02d:%02d", minute / 60, minute % 60);
}

absl::Status ValidatePeriods(const std::vector<WorkPeriod>& periods,
                             absl::string_view what) {
  int previous_end = 0;
  for (const WorkPeriod& p : periods) {
    if (p.start_minute < 0 || p.end_minute > kMinutesPerDay ||
        p.start_minute >= p.end_minute) {
      return absl::InvalidArgumentError(
          absl::StrCat("work period ", FormatMinute(p.start_minute), "-",
                       FormatMinute(p.end_minute), " of ", what,
                       " is not a non-empty range within the day"));
    }
    if (p.start_minute < previous_end) {
      return absl::InvalidArgumentError(absl::StrCat(
          "work periods of ", what, " overlap or are not in time order at ",
          FormatMinute(p.start_minute)));
    }
    previous_end = p.end_minute;
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ParseClock(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  int hour = 0, minute = 0;
  if (parts.size() != 2 || parts[0].size() != 2 || parts[1].size() != 2 ||
      !absl::SimpleAtoi(parts[0], &hour) ||
      !absl::SimpleAtoi(parts[1], &minute) || hour < 0 || hour > 24 ||
      minute < 0 || minute > 59 || (hour == 24 && minute != 0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a clock time HH:MM"));
  }
  return hour * 60 + minute;
}

absl::StatusOr<int> ParseDayName(absl::string_view name) {
  for (int i = 0; i < 7; ++i) {
    if (name == kDayNames[i]) return i;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("'", name, "' is not a day name (mon..sun or makeup)"));
}

}  // namespace

WorkSchedule WorkSchedule::Default() {
  const std::vector<WorkPeriod> day = {{7 * 60 + 30, 11 * 60 + 30},
                                       {13 * 60 + 30, 17 * 60}};
  WorkSchedule s;
  for (int i = 0; i < 5; ++i) s.by_weekday_[i] = day;
  s.makeup_day_ = day;
  return s;
}

absl::StatusOr<WorkSchedule> WorkSchedule::Create(
    std::array<std::vector<WorkPeriod>, 7> by_weekday,
    std::vector<WorkPeriod> makeup_day) {
  bool any_working_time = false;
  for (int i = 0; i < 7; ++i) {
    MOTCUA_RETURN_IF_ERROR(ValidatePeriods(by_weekday[i], kDayNames[i]));
    any_working_time |= !by_weekday[i].empty();
  }
  if (!any_working_time) {
    return absl::InvalidArgumentError(
        "work schedule has no working time on any weekday");
  }
  if (makeup_day.empty()) {
    return absl::InvalidArgumentError(
        "work schedule has no working time for make-up working days");
  }
  MOTCUA_RETURN_IF_ERROR(ValidatePeriods(makeup_day, "makeup"));
  WorkSchedule schedule;
  schedule.by_weekday_ = std::move(by_weekday);
  schedule.makeup_day_ = std::move(makeup_day);
  return schedule;
}

absl::StatusOr<WorkSchedule> WorkSchedule::Parse(absl::string_view text) {
  std::array<std::vector<WorkPeriod>, 7> by_weekday;
  std::vector<WorkPeriod> makeup;
  bool makeup_given = false;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> words =
        absl::StrSplit(line, ' ', absl::SkipWhitespace());
    auto error = [&](const absl::Status& cause) {
      return absl::InvalidArgumentError(absl::StrCat(
          "work schedule line ", line_number, ": ", cause.message()));
    };
    std::vector<WorkPeriod> periods;
    for (size_t i = 1; i < words.size(); ++i) {
      std::pair<absl::string_view, absl::string_view> range =
          absl::StrSplit(words[i], absl::MaxSplits('-', 1));
      absl::StatusOr<int> start = ParseClock(range.first);
      if (!start.ok()) return error(start.status());
      absl::StatusOr<int> end = ParseClock(range.second);
      if (!end.ok()) return error(end.status());
      periods.push_back({*start, *end});
    }
    if (periods.empty()) {
      return error(absl::InvalidArgumentError("no periods given"));
    }
    if (words[0] == "makeup") {
      makeup = periods;
      makeup_given = true;
      continue;
    }
    std::pair<absl::string_view, absl::string_view> days =
        absl::StrSplit(words[0], absl::MaxSplits('-', 1));
    absl::StatusOr<int> first = ParseDayName(days.first);
    if (!first.ok()) return error(first.status());
    absl::StatusOr<int> last =
        days.second.empty() ? first : ParseDayName(days.second);
    if (!last.ok()) return error(last.status());
    if (*last < *first) {
      return error(absl::InvalidArgumentError(
          absl::StrCat("day range '", words[0], "' runs backwards")));
    }
    for (int d = *first; d <= *last; ++d) {
      if (!by_weekday[d].empty()) {
        return error(absl::InvalidArgumentError(
            absl::StrCat(kDayNames[d], " is given twice")));
      }
      by_weekday[d] = periods;
    }
  }
  if (!makeup_given) makeup = by_weekday[0];
  return Create(std::move(by_weekday), std::move(makeup));
}

const std::vector<WorkPeriod>& WorkSchedule::ForWeekday(
    absl::Weekday weekday) const {
  return by_weekday_[static_cast<int>(weekday)];
}

std::string WorkSchedule::ToString() const {
  auto periods_text = [](const std::vector<WorkPeriod>& periods) {
    std::string out;
    for (const WorkPeriod& p : periods) {
      absl::StrAppend(&out, " ", FormatMinute(p.start_minute), "-",
                      FormatMinute(p.end_minute));
    }
    return out;
  };
  std::string out;
  int d = 0;
  while (d < 7) {
    int last = d;
    while (last + 1 < 7 && by_weekday_[last + 1] == by_weekday_[d]) ++last;
    if (!by_weekday_[d].empty()) {
      absl::StrAppend(&out, kDayNames[d],
                      last > d ? absl::StrCat("-", kDayNames[last]) : "",
                      periods_text(by_weekday_[d]), "\n");
    }
    d = last + 1;
  }
  absl::StrAppend(&out, "makeup", periods_text(makeup_day_), "\n");
  return out;
}

}  // namespace motcua::core

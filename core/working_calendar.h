// The working calendar: which local days are working days and which instants
// are working time, built from a WorkSchedule and published CalendarYears.
//
// Every query that needs a day of a year the calendar holds no data for fails
// with FailedPrecondition naming the year: guessing would treat that year's
// holidays as working days and move due dates silently.
#pragma once

#include <cstdint>
#include <map>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "core/calendar_year.h"
#include "core/work_schedule.h"

namespace motcua::core {

class WorkingCalendar {
 public:
  // Fails with InvalidArgument when a year is invalid or given twice.
  static absl::StatusOr<WorkingCalendar> Create(
      WorkSchedule schedule, const std::vector<CalendarYear>& years);

  const WorkSchedule& schedule() const { return schedule_; }
  // The years with data, ascending.
  std::vector<int> Years() const;
  bool HasYear(int year) const { return years_.count(year) > 0; }
  // Whether `year` is statutory-only; FailedPrecondition when it has no data.
  absl::StatusOr<bool> IsProvisional(int year) const;

  // The working periods of local `day`; empty on a day off.
  absl::StatusOr<absl::Span<const WorkPeriod>> PeriodsOn(
      absl::CivilDay day) const;
  absl::StatusOr<bool> IsWorkingDay(absl::CivilDay day) const;
  // The first working day strictly after `day`.
  absl::StatusOr<absl::CivilDay> NextWorkingDay(absl::CivilDay day) const;
  // `day` itself when it is a working day, else the next one.
  absl::StatusOr<absl::CivilDay> WorkingDayOnOrAfter(absl::CivilDay day) const;

  // `t` when it lies inside a working period, else the start of the next
  // working period (an instant at a period's end is outside it).
  absl::StatusOr<absl::Time> NormalizeToWorkingTime(absl::Time t) const;

  // The earliest instant at which `amount` of working time has been worked
  // from `start` on: work ending exactly at 17:00 ends at 17:00, not at the
  // next morning's start. A zero amount returns `start`. Fails with
  // InvalidArgument for a negative amount.
  absl::StatusOr<absl::Time> AddWorkingTime(absl::Time start,
                                            absl::Duration amount) const;

  // The working time inside [from, to). InvalidArgument when to < from.
  absl::StatusOr<absl::Duration> WorkingTimeBetween(absl::Time from,
                                                    absl::Time to) const;

  // The start of the working half-day that holds `t`: the period with
  // start < t <= end (its end instant belongs to it), else one starting at
  // `t`. When no period of `t`'s day holds it (the calendar changed after the
  // instant was computed), the latest period start before `t`, else `t`.
  absl::StatusOr<absl::Time> HalfDayStart(absl::Time t) const;

 private:
  enum class DayKind : unsigned char { kOrdinary, kOff, kMakeup };
  struct YearData {
    bool provisional = false;
    std::vector<DayKind> kind_by_yearday;  // index: day of year - 1
    // Working minutes of the days before day of year i + 1 (index i);
    // one more entry than days, the last the whole year's.
    std::vector<int64_t> minutes_before_yearday;
  };

  explicit WorkingCalendar(WorkSchedule schedule)
      : schedule_(std::move(schedule)) {}
  absl::StatusOr<const YearData*> Year(int year) const;
  // The working minutes of whole days [first, last].
  absl::StatusOr<int64_t> WholeDayMinutes(absl::CivilDay first,
                                          absl::CivilDay last) const;

  WorkSchedule schedule_;
  std::map<int, YearData> years_;
};

}  // namespace motcua::core

// The working hours of an ordinary week, and of make-up working days.
//
// Periods are half-open, [start, end), in minutes after local midnight: an
// instant at 11:30 exactly is outside a 07:30-11:30 morning. The default is
// the national one, Monday to Friday 07:30-11:30 and 13:30-17:00; make-up
// working days (a Saturday declared working) keep the same hours.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace motcua::core {

struct WorkPeriod {
  int start_minute = 0;  // minutes after local midnight, inclusive
  int end_minute = 0;    // exclusive; at most 24 * 60

  friend bool operator==(const WorkPeriod& a, const WorkPeriod& b) {
    return a.start_minute == b.start_minute && a.end_minute == b.end_minute;
  }
};

class WorkSchedule {
 public:
  // Monday-Friday 07:30-11:30 and 13:30-17:00; make-up days likewise.
  static WorkSchedule Default();

  // Builds a schedule from periods per weekday (index 0 = Monday ... 6 =
  // Sunday) and for make-up working days. Each list must be sorted, within
  // the day and non-overlapping. Fails with InvalidArgument when a period is
  // malformed, when no weekday has any working time (a schedule that is
  // empty would otherwise make due dates unreachable), or when make-up days
  // have none.
  static absl::StatusOr<WorkSchedule> Create(
      std::array<std::vector<WorkPeriod>, 7> by_weekday,
      std::vector<WorkPeriod> makeup_day);

  // Parses the text form written by ToString(): one line per day group,
  //   mon-fri 07:30-11:30 13:30-17:00
  //   makeup 07:30-11:30 13:30-17:00
  // Day groups are a weekday (mon..sun), a range (mon-fri) or `makeup`;
  // weekdays not named have no working time; `makeup` defaults to Monday's
  // periods. Blank lines and lines starting with '#' are ignored.
  static absl::StatusOr<WorkSchedule> Parse(absl::string_view text);

  // The periods of an ordinary (non-holiday, non-make-up) `weekday`.
  const std::vector<WorkPeriod>& ForWeekday(absl::Weekday weekday) const;
  // The periods of a make-up working day.
  const std::vector<WorkPeriod>& ForMakeupDay() const { return makeup_day_; }

  // Canonical text form, accepted by Parse().
  std::string ToString() const;

 private:
  WorkSchedule() = default;
  std::array<std::vector<WorkPeriod>, 7> by_weekday_;
  std::vector<WorkPeriod> makeup_day_;
};

}  // namespace motcua::core

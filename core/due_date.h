// Processing times and the due instants they give (DOMAIN.md section 5).
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/working_calendar.h"

namespace motcua::core {

// Numbers are part of the wire and disk formats: never renumber.
enum class TimeUnit {
  kUnspecified = 0,
  kWorkingDays = 1,
  kWorkingHours = 2,
  kCalendarDays = 3,
};

struct ProcessingTime {
  int amount = 0;
  TimeUnit unit = TimeUnit::kUnspecified;

  friend bool operator==(const ProcessingTime& a, const ProcessingTime& b) {
    return a.amount == b.amount && a.unit == b.unit;
  }
};

// Largest amounts accepted: far beyond any procedure in force (the longest
// are a few months), small enough that a typo cannot stall a computation.
inline constexpr int kMaxProcessingDays = 1000;
inline constexpr int kMaxProcessingHours = 8000;

// InvalidArgument unless the unit is set and 1 <= amount <= the unit's max.
absl::Status ValidateProcessingTime(const ProcessingTime& time);

// "3 working days", "4 working hours", "30 calendar days".
std::string DescribeProcessingTime(const ProcessingTime& time);

// The due instant of work of duration `time` started at `start` (a dossier's
// reception, a complete dossier's return under RESTART, an inter-agency
// step's start). `start` is first normalised to working time (a reception at
// 18:00 counts from the next working morning's 07:30). Then:
//  - WORKING_DAYS N: the normalised local clock time on the N-th working day
//    after the normalised day;
//  - WORKING_HOURS N: the earliest instant at which N hours have been worked;
//  - CALENDAR_DAYS N: N days after the normalised instant, moved to the next
//    working day at the same clock time when that date is not a working day.
// Fails when the processing time is invalid or a needed year has no data.
absl::StatusOr<absl::Time> ComputeDueInstant(const WorkingCalendar& calendar,
                                             absl::Time start,
                                             const ProcessingTime& time);

}  // namespace motcua::core

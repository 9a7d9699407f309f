#include "core/due_date.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/local_time.h"
#include "core/status_macros.h"

namespace motcua::core {
namespace {

// The same local clock time as `clock` on `day`, to the sub-second.
absl::Time AtClockOf(absl::CivilDay day, absl::Time clock) {
  const absl::Duration since_midnight =
      clock - FromLocal(absl::CivilSecond(LocalDay(clock)));
  return FromLocal(absl::CivilSecond(day)) + since_midnight;
}

}  // namespace

absl::Status ValidateProcessingTime(const ProcessingTime& time) {
  int max = 0;
  switch (time.unit) {
    case TimeUnit::kWorkingDays:
    case TimeUnit::kCalendarDays:
      max = kMaxProcessingDays;
      break;
    case TimeUnit::kWorkingHours:
      max = kMaxProcessingHours;
      break;
    case TimeUnit::kUnspecified:
    default:
      return absl::InvalidArgumentError(
          "processing time unit must be WORKING_DAYS, WORKING_HOURS or "
          "CALENDAR_DAYS");
  }
  if (time.amount < 1 || time.amount > max) {
    return absl::InvalidArgumentError(
        absl::StrCat("processing time amount ", time.amount,
                     " is out of range [1, ", max, "]"));
  }
  return absl::OkStatus();
}

std::string DescribeProcessingTime(const ProcessingTime& time) {
  switch (time.unit) {
    case TimeUnit::kWorkingDays:
      return absl::StrCat(time.amount, " working days");
    case TimeUnit::kWorkingHours:
      return absl::StrCat(time.amount, " working hours");
    case TimeUnit::kCalendarDays:
      return absl::StrCat(time.amount, " calendar days");
    case TimeUnit::kUnspecified:
      break;
  }
  return absl::StrCat(time.amount, " (unit unspecified)");
}

absl::StatusOr<absl::Time> ComputeDueInstant(const WorkingCalendar& calendar,
                                             absl::Time start,
                                             const ProcessingTime& time) {
  MOTCUA_RETURN_IF_ERROR(ValidateProcessingTime(time));
  MOTCUA_ASSIGN_OR_RETURN(absl::Time normalized,
                          calendar.NormalizeToWorkingTime(start));

  switch (time.unit) {
    case TimeUnit::kWorkingDays: {
      absl::CivilDay day = LocalDay(normalized);
      for (int i = 0; i < time.amount; ++i) {
        MOTCUA_ASSIGN_OR_RETURN(absl::CivilDay next,
                                calendar.NextWorkingDay(day));
        day = next;
      }
      return AtClockOf(day, normalized);
    }
    case TimeUnit::kWorkingHours:
      return calendar.AddWorkingTime(normalized, absl::Hours(time.amount));
    case TimeUnit::kCalendarDays: {
      MOTCUA_ASSIGN_OR_RETURN(
          absl::CivilDay day,
          calendar.WorkingDayOnOrAfter(LocalDay(normalized) + time.amount));
      return AtClockOf(day, normalized);
    }
    case TimeUnit::kUnspecified:
      break;
  }
  return absl::InternalError("unreachable: processing time unit validated");
}

}  // namespace motcua::core

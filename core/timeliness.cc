#include "core/timeliness.h"

#include "core/local_time.h"
#include "core/status_macros.h"

namespace motcua::core {

absl::string_view TimelinessName(Timeliness t) {
  switch (t) {
    case Timeliness::kEarly:
      return "EARLY";
    case Timeliness::kOnTime:
      return "ON_TIME";
    case Timeliness::kLate:
      return "LATE";
    case Timeliness::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

absl::string_view OpenTimelinessName(OpenTimeliness t) {
  switch (t) {
    case OpenTimeliness::kWithinTime:
      return "WITHIN_TIME";
    case OpenTimeliness::kOverdue:
      return "OVERDUE";
    case OpenTimeliness::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

absl::StatusOr<Timeliness> ClassifyFinished(const WorkingCalendar& calendar,
                                            Granularity granularity,
                                            absl::Time due,
                                            absl::Time finished) {
  if (granularity == Granularity::kInstant) {
    if (finished > due) return Timeliness::kLate;
    MOTCUA_ASSIGN_OR_RETURN(absl::Time half_day_start,
                            calendar.HalfDayStart(due));
    return finished < half_day_start ? Timeliness::kEarly : Timeliness::kOnTime;
  }
  const absl::CivilDay due_day = LocalDay(due);
  const absl::CivilDay finished_day = LocalDay(finished);
  if (finished_day < due_day) return Timeliness::kEarly;
  if (finished_day == due_day) return Timeliness::kOnTime;
  return Timeliness::kLate;
}

OpenTimeliness ClassifyOpen(Granularity granularity, absl::Time due,
                            absl::Time as_of) {
  const bool overdue = granularity == Granularity::kInstant
                           ? as_of > due
                           : LocalDay(as_of) > LocalDay(due);
  return overdue ? OpenTimeliness::kOverdue : OpenTimeliness::kWithinTime;
}

}  // namespace motcua::core

// Early / on time / late for finished work, within time / overdue for open
// work (DOMAIN.md section 6). Always judged against the due instant adjusted
// by clock pauses, never against an apology's new appointment.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/working_calendar.h"

namespace motcua::core {

// Numbers are part of the wire and disk formats: never renumber.
enum class Granularity {
  kUnspecified = 0,
  kDate = 1,     // local dates only (the default)
  kInstant = 2,  // instants, with the due half-day as the early boundary
};

enum class Timeliness {
  kUnspecified = 0,
  kEarly = 1,   // trước hạn
  kOnTime = 2,  // đúng hạn
  kLate = 3,    // quá hạn
};

enum class OpenTimeliness {
  kUnspecified = 0,
  kWithinTime = 1,  // trong hạn
  kOverdue = 2,     // quá hạn
};

absl::string_view TimelinessName(Timeliness t);
absl::string_view OpenTimelinessName(OpenTimeliness t);

// Classifies work due at `due` and finished at `finished`.
//  DATE: finished on a local date before the due date -> EARLY; on it ->
//    ON_TIME; after it -> LATE.
//  INSTANT: finished before the start of the working half-day that holds the
//    due instant -> EARLY; up to and including the due instant -> ON_TIME;
//    after it -> LATE.
// The calendar is consulted only for INSTANT (to find the half-day).
absl::StatusOr<Timeliness> ClassifyFinished(const WorkingCalendar& calendar,
                                            Granularity granularity,
                                            absl::Time due,
                                            absl::Time finished);

// Classifies open work due at `due` as of `as_of`.
//  DATE: OVERDUE once the local date of `as_of` is after the due date.
//  INSTANT: OVERDUE once `as_of` is after the due instant.
OpenTimeliness ClassifyOpen(Granularity granularity, absl::Time due,
                            absl::Time as_of);

}  // namespace motcua::core

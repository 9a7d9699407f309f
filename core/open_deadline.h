// Where open work stands against its deadline as of an instant: the due
// instant in force, the working time left before it, and whether it is
// overdue or due soon (DOMAIN.md sections 5 and 6). What an early warning
// tells a desk before a dossier, or an inter-agency step, is late.
//
// While a dossier waits (a supplement or a financial obligation) its clock
// is stopped: the time left is the time it had when the wait began, and it
// is never "due soon" (nothing runs against it until the wait ends, when
// its due moves out by the wait under PAUSE or is recounted under RESTART).
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/domain_rules.h"
#include "core/dossier_timeline.h"
#include "core/working_calendar.h"

namespace motcua::core {

struct OpenDeadline {
  absl::Time due;  // the due instant in force
  // Working time from the clock's instant (as_of, or the start of the wait
  // in progress) to `due`; negative past it: minus the working time from
  // `due` to the clock's instant.
  absl::Duration left;
  bool overdue = false;       // OVERDUE under the deployment's granularity
  bool clock_paused = false;  // waiting at as_of: `left` is frozen
};

// The working time from `from` to `to` when from <= to, else minus the
// working time from `to` to `from`. Calendar errors as they come.
absl::StatusOr<absl::Duration> SignedWorkingTime(
    const WorkingCalendar& calendar, absl::Time from, absl::Time to);

// The deadline of the dossier open at `as_of` (received at or before it,
// not finished by it), against the due in force then, overdue as
// ClassifyOpenDossier() judges it. FailedPrecondition when it was not open.
absl::StatusOr<OpenDeadline> DossierDeadline(const WorkingCalendar& calendar,
                                             const DomainRules& rules,
                                             const DossierTimeline& timeline,
                                             absl::Time as_of);

// The deadline of the dossier's open inter-agency step (the last one,
// unfinished) as of `as_of`, which must not precede the dossier's last
// event (the step's due is the current one): overdue as ClassifyOpen()
// judges its due at the clock's instant (paused like the dossier's).
// FailedPrecondition when no step is open or `as_of` is too early.
absl::StatusOr<OpenDeadline> OpenStepDeadline(const WorkingCalendar& calendar,
                                              const DomainRules& rules,
                                              const DossierTimeline& timeline,
                                              absl::Time as_of);

// The longest "due soon" window accepted: a working month and more.
inline constexpr absl::Duration kMaxDueSoonWindow = absl::Hours(200);

// The "due soon" window that opens at an instant: work due by `end`, its
// clock running, is due soon.
struct DueSoonWindow {
  absl::Time end;
  absl::Duration working_time;  // from the opening instant to `end`
};

// The window that opens at `as_of`: `within` of working time when given
// (InvalidArgument naming field "within" unless 0 < within <=
// kMaxDueSoonWindow), ending at the earliest instant that much has been
// worked; else to the end of the next working day (the end of the last
// working period of the first working day after as_of's local day): on a
// Friday morning, the rest of Friday and all of Monday.
absl::StatusOr<DueSoonWindow> DueSoonWindowAt(
    const WorkingCalendar& calendar, absl::Time as_of,
    std::optional<absl::Duration> within);

// Due soon: not overdue, its clock running, and due by the window's end (a
// due already passed but not yet overdue, under DATE on the due day
// itself, is due soon).
bool IsDueSoon(const OpenDeadline& deadline, const DueSoonWindow& window);

}  // namespace motcua::core

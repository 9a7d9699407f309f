// The changes a dossier goes through, as pure functions: each takes the
// dossier as it is and returns its next record with the event that records
// the change (or an error, and nothing changes). Storage persists the pair
// atomically; the server validates input and checks rights around them.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/domain_rules.h"
#include "core/dossier.h"
#include "core/working_calendar.h"

namespace motcua::core {

struct DossierChange {
  Dossier dossier;
  DossierEvent event;
};

// Who makes a change, and the note recorded with it.
struct Actor {
  std::string principal;
  std::string note;
};

struct NewDossier {
  std::string code;
  std::string agency_code;
  Channel channel = Channel::kUnspecified;
  ProcedureSnapshot procedure;
  UnitPath units;
  Applicant applicant;
  absl::Time at;
  // True for an online submission not yet checked (status 1, channel
  // ONLINE); false for a dossier received at once (status 2).
  bool submitted_only = false;
};

// The first change of a dossier. InvalidArgument naming the field for a
// bad code, channel or processing time, or a status-1 start off-line.
absl::StatusOr<DossierChange> CreateDossierChange(
    const WorkingCalendar& calendar, const NewDossier& dossier,
    const Actor& actor);

// The reception at the desk of an online submission (1 -> 2). The dossier
// takes the procedure's classification and processing time, and the
// agency's unit path, as they are on the reception day: DOMAIN.md snapshots
// them "at reception", and the catalogue may have changed since submission.
absl::StatusOr<DossierChange> ReceiveSubmittedChange(
    const WorkingCalendar& calendar, const DomainRules& rules,
    const Dossier& current, absl::Time at, const ProcedureSnapshot& procedure,
    const UnitPath& units, const Actor& actor);

// Any other status change (see ApplyTransition). RECEIVED is refused here:
// it needs the snapshots of ReceiveSubmittedChange.
absl::StatusOr<DossierChange> TransitionChange(const WorkingCalendar& calendar,
                                               const DomainRules& rules,
                                               const Dossier& current,
                                               DossierStatus to, absl::Time at,
                                               Outcome outcome,
                                               const Actor& actor);

// An apology with a new appointment (see ApplyApology).
absl::StatusOr<DossierChange> ApologyChange(const Dossier& current,
                                            absl::Time at, absl::Time new_due,
                                            const Actor& actor);

// Hands the dossier to `agency_code` for `allotted` time (see StartStep).
absl::StatusOr<DossierChange> StepStartChange(
    const WorkingCalendar& calendar, const DomainRules& rules,
    const Dossier& current, absl::Time at, const std::string& agency_code,
    const ProcessingTime& allotted, const Actor& actor);

// The open step's agency has finished its part (see FinishStep).
absl::StatusOr<DossierChange> StepFinishChange(const WorkingCalendar& calendar,
                                               const DomainRules& rules,
                                               const Dossier& current,
                                               absl::Time at,
                                               const Actor& actor);

}  // namespace motcua::core

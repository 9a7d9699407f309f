// Replaying a dossier's whole past history (a migration from another
// one-stop system, or an offline desk's afternoon) through the same rules
// as live processing, so that due dates, classifications and counters come
// out exactly as if the events had been recorded when they happened.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/dossier_changes.h"

namespace motcua::core {

// One event after the dossier's creation.
struct HistoricalEvent {
  EventKind kind = EventKind::kTransition;  // kTransition, kApology, kStep*
  absl::Time at;
  DossierStatus to = DossierStatus::kUnspecified;  // kTransition
  Outcome outcome = Outcome::kUnspecified;         // kTransition to RESOLVED
  std::optional<absl::Time> new_due_at;            // kApology
  std::string step_agency_code;                    // kStepStarted
  std::optional<ProcessingTime> step_allotted;     // kStepStarted
  Actor actor;
};

struct HistoricalDossier {
  NewDossier created;  // code, agency, channel, snapshots, applicant, instant
  Actor created_by;
  // For an online submission received later: the snapshots of its
  // reception day (required when `events` receive it).
  std::optional<ProcedureSnapshot> reception_procedure;
  std::optional<UnitPath> reception_units;
  std::vector<HistoricalEvent> events;  // in time order
};

// The dossier after all its events, and every event in order.
struct ReplayedHistory {
  Dossier dossier;
  std::vector<DossierEvent> events;
};

// Applies `history` event by event with the live rules. Errors name the
// event: "event 3 (2025-03-04T03:00:00+00:00): illegal transition from ...";
// InvalidArgument for a malformed event.
absl::StatusOr<ReplayedHistory> ReplayHistory(const WorkingCalendar& calendar,
                                              const DomainRules& rules,
                                              const HistoricalDossier& history);

}  // namespace motcua::core

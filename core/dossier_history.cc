#include "core/dossier_history.h"

#include "absl/strings/str_cat.h"

namespace motcua::core {
namespace {

absl::StatusOr<DossierChange> Apply(const WorkingCalendar& calendar,
                                    const DomainRules& rules,
                                    const HistoricalDossier& history,
                                    const Dossier& current,
                                    const HistoricalEvent& e) {
  switch (e.kind) {
    case EventKind::kTransition:
      if (e.to == DossierStatus::kReceived) {
        if (!history.reception_procedure || !history.reception_units) {
          return absl::InvalidArgumentError(
              "a reception needs the procedure and unit path of its day");
        }
        return ReceiveSubmittedChange(calendar, rules, current, e.at,
                                      *history.reception_procedure,
                                      *history.reception_units, e.actor);
      }
      return TransitionChange(calendar, rules, current, e.to, e.at, e.outcome,
                              e.actor);
    case EventKind::kApology:
      if (!e.new_due_at) {
        return absl::InvalidArgumentError("an apology needs its new_due_at");
      }
      return ApologyChange(current, e.at, *e.new_due_at, e.actor);
    case EventKind::kStepStarted:
      if (!e.step_allotted) {
        return absl::InvalidArgumentError("a step needs its allotted time");
      }
      return StepStartChange(calendar, rules, current, e.at, e.step_agency_code,
                             *e.step_allotted, e.actor);
    case EventKind::kStepFinished:
      return StepFinishChange(calendar, rules, current, e.at, e.actor);
    default:
      return absl::InvalidArgumentError(
          "an event is a transition, an apology or a step");
  }
}

}  // namespace

absl::StatusOr<ReplayedHistory> ReplayHistory(
    const WorkingCalendar& calendar, const DomainRules& rules,
    const HistoricalDossier& history) {
  absl::StatusOr<DossierChange> created =
      CreateDossierChange(calendar, history.created, history.created_by);
  if (!created.ok()) {
    return absl::Status(created.status().code(),
                        absl::StrCat("creation: ", created.status().message()));
  }
  ReplayedHistory out;
  out.dossier = created->dossier;
  out.events.push_back(created->event);
  for (size_t i = 0; i < history.events.size(); ++i) {
    const HistoricalEvent& e = history.events[i];
    absl::StatusOr<DossierChange> change =
        Apply(calendar, rules, history, out.dossier, e);
    if (!change.ok()) {
      return absl::Status(
          change.status().code(),
          absl::StrCat("event ", i + 1, " (", absl::FormatTime(e.at),
                       "): ", change.status().message()));
    }
    out.dossier = std::move(change->dossier);
    out.events.push_back(std::move(change->event));
  }
  return out;
}

}  // namespace motcua::core

#include "core/dossier_changes.h"

#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/status_macros.h"

namespace motcua::core {
namespace {

DossierEvent EventOf(EventKind kind, const Dossier& before,
                     const Dossier& after, absl::Time at, const Actor& actor) {
  DossierEvent e;
  e.kind = kind;
  e.from = before.timeline.status;
  e.to = after.timeline.status;
  e.occurred_at = at;
  e.principal = actor.principal;
  e.note = actor.note;
  return e;
}

// The classification a snapshot brings into the record, where it is kept
// and counted. Live calls copy it from the validated catalogue; an import
// may give its own, so the rules check it for both.
absl::Status ValidateClassification(const ProcedureSnapshot& p) {
  return ValidateOnlineClassification(p.online_level, p.online_class);
}

}  // namespace

absl::StatusOr<DossierChange> CreateDossierChange(
    const WorkingCalendar& calendar, const NewDossier& n, const Actor& actor) {
  MOTCUA_ASSIGN_OR_RETURN(DossierCode code, ParseDossierCode(n.code));
  if (code.agency_code != n.agency_code) {
    return absl::InvalidArgumentError(
        absl::StrCat("dossier code '", n.code, "' does not belong to agency '",
                     n.agency_code, "'"));
  }
  if (n.channel != Channel::kDirect && n.channel != Channel::kOnline &&
      n.channel != Channel::kPostal) {
    return absl::InvalidArgumentError(
        "channel must be DIRECT, ONLINE or POSTAL");
  }
  if (n.submitted_only && n.channel != Channel::kOnline) {
    return absl::InvalidArgumentError(
        "only an ONLINE dossier starts as SUBMITTED (1); others are received");
  }
  absl::Status s = ValidateProcessingTime(n.procedure.processing_time);
  if (!s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("procedure.processing_time: ", s.message()));
  }
  if (n.procedure.code.empty() || n.procedure.field_code.empty()) {
    return absl::InvalidArgumentError(
        "procedure.code and procedure.field_code are required");
  }
  MOTCUA_RETURN_IF_ERROR(ValidateClassification(n.procedure));
  Dossier d;
  d.code = n.code;
  d.agency_code = n.agency_code;
  d.channel = n.channel;
  d.procedure = n.procedure;
  d.units = n.units;
  d.applicant = n.applicant;
  if (n.submitted_only) {
    d.timeline = StartSubmitted(n.at);
    d.timeline.processing_time = n.procedure.processing_time;
  } else {
    MOTCUA_ASSIGN_OR_RETURN(
        d.timeline, StartReceived(calendar, n.at, n.procedure.processing_time));
  }
  DossierEvent e = EventOf(EventKind::kCreated, Dossier(), d, n.at, actor);
  return DossierChange{std::move(d), std::move(e)};
}

absl::StatusOr<DossierChange> TransitionChange(const WorkingCalendar& calendar,
                                               const DomainRules& rules,
                                               const Dossier& current,
                                               DossierStatus to, absl::Time at,
                                               Outcome outcome,
                                               const Actor& actor) {
  if (to == DossierStatus::kReceived) {
    return absl::InvalidArgumentError(
        "a submission is received with its reception-day snapshots "
        "(ReceiveSubmittedChange), not as a plain status change");
  }
  Dossier next = current;
  Transition t;
  t.to = to;
  t.at = at;
  t.outcome = outcome;
  MOTCUA_RETURN_IF_ERROR(ApplyTransition(calendar, rules, t, &next.timeline));
  DossierEvent e = EventOf(EventKind::kTransition, current, next, at, actor);
  e.outcome = outcome;
  return DossierChange{std::move(next), std::move(e)};
}

absl::StatusOr<DossierChange> ReceiveSubmittedChange(
    const WorkingCalendar& calendar, const DomainRules& rules,
    const Dossier& current, absl::Time at, const ProcedureSnapshot& procedure,
    const UnitPath& units, const Actor& actor) {
  if (procedure.code != current.procedure.code) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the reception snapshot is of procedure '", procedure.code,
        "' but the dossier was submitted for '", current.procedure.code, "'"));
  }
  MOTCUA_RETURN_IF_ERROR(ValidateClassification(procedure));
  Dossier next = current;
  next.procedure = procedure;
  next.units = units;
  Transition t;
  t.to = DossierStatus::kReceived;
  t.at = at;
  t.processing_time = procedure.processing_time;
  MOTCUA_RETURN_IF_ERROR(ApplyTransition(calendar, rules, t, &next.timeline));
  DossierEvent e = EventOf(EventKind::kTransition, current, next, at, actor);
  return DossierChange{std::move(next), std::move(e)};
}

absl::StatusOr<DossierChange> ApologyChange(const Dossier& current,
                                            absl::Time at, absl::Time new_due,
                                            const Actor& actor) {
  Dossier next = current;
  MOTCUA_RETURN_IF_ERROR(ApplyApology(at, new_due, &next.timeline));
  DossierEvent e = EventOf(EventKind::kApology, current, next, at, actor);
  e.new_due_at = new_due;
  return DossierChange{std::move(next), std::move(e)};
}

absl::StatusOr<DossierChange> StepStartChange(
    const WorkingCalendar& calendar, const DomainRules& rules,
    const Dossier& current, absl::Time at, const std::string& agency_code,
    const ProcessingTime& allotted, const Actor& actor) {
  MOTCUA_RETURN_IF_ERROR(ValidateAgencyCode(agency_code));
  Dossier next = current;
  MOTCUA_RETURN_IF_ERROR(
      StartStep(calendar, rules, at, agency_code, allotted, &next.timeline));
  DossierEvent e = EventOf(EventKind::kStepStarted, current, next, at, actor);
  e.step_agency_code = agency_code;
  e.step_allotted = allotted;
  return DossierChange{std::move(next), std::move(e)};
}

absl::StatusOr<DossierChange> StepFinishChange(const WorkingCalendar& calendar,
                                               const DomainRules& rules,
                                               const Dossier& current,
                                               absl::Time at,
                                               const Actor& actor) {
  Dossier next = current;
  MOTCUA_RETURN_IF_ERROR(FinishStep(calendar, rules, at, &next.timeline));
  DossierEvent e = EventOf(EventKind::kStepFinished, current, next, at, actor);
  e.step_agency_code = next.timeline.steps.back().agency_code;
  return DossierChange{std::move(next), std::move(e)};
}

}  // namespace motcua::core

#include "core/dossier_timeline.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace motcua::core {
namespace {

absl::Status CheckTimeOrder(const DossierTimeline& t, absl::Time at) {
  if (at < t.last_event_at) {
    return absl::FailedPreconditionError(
        absl::StrCat("event at ", absl::FormatTime(at),
                     " is earlier than the dossier's last event at ",
                     absl::FormatTime(t.last_event_at)));
  }
  return absl::OkStatus();
}

// Moves `due` out by the working time in [paused_at, resumed_at).
absl::StatusOr<absl::Time> PushedBack(const WorkingCalendar& calendar,
                                      absl::Time due, absl::Time paused_at,
                                      absl::Time resumed_at) {
  MOTCUA_ASSIGN_OR_RETURN(absl::Duration waited,
                          calendar.WorkingTimeBetween(paused_at, resumed_at));
  return calendar.AddWorkingTime(due, waited);
}

// Ends the current pause at `at` (leaving status 5 or 6 for `to`).
absl::Status EndPause(const WorkingCalendar& calendar, const DomainRules& rules,
                      DossierStatus to, absl::Time at, DossierTimeline* t) {
  if (t->pauses.empty() || t->pauses.back().ended_at.has_value() ||
      !t->due_at.has_value()) {
    return absl::FailedPreconditionError(
        "the dossier is waiting but has no open pause or due instant");
  }
  const absl::Time paused_at = t->pauses.back().started_at;
  const bool restart = t->status == DossierStatus::kAwaitingSupplement &&
                       to == DossierStatus::kProcessing &&
                       rules.supplement == SupplementRule::kRestart;
  MOTCUA_ASSIGN_OR_RETURN(
      absl::Time due, restart
                          ? ComputeDueInstant(calendar, at, t->processing_time)
                          : PushedBack(calendar, *t->due_at, paused_at, at));
  t->due_at = due;
  // An agency cannot be late for time the dossier spent with the citizen.
  if (!t->steps.empty() && !t->steps.back().finished_at.has_value()) {
    InterAgencyStep& step = t->steps.back();
    MOTCUA_ASSIGN_OR_RETURN(absl::Time step_due,
                            PushedBack(calendar, step.due_at, paused_at, at));
    step.due_at = step_due;
  }
  t->pauses.back().ended_at = at;
  return absl::OkStatus();
}

// Finishes and classifies the open step, if any, at `at`.
absl::Status CloseOpenStep(const WorkingCalendar& calendar,
                           const DomainRules& rules, absl::Time at,
                           DossierTimeline* t) {
  if (t->steps.empty() || t->steps.back().finished_at.has_value()) {
    return absl::OkStatus();
  }
  InterAgencyStep& step = t->steps.back();
  MOTCUA_ASSIGN_OR_RETURN(
      Timeliness timeliness,
      ClassifyFinished(calendar, rules.granularity, step.due_at, at));
  step.finished_at = at;
  step.timeliness = timeliness;
  return absl::OkStatus();
}

}  // namespace

DossierTimeline StartSubmitted(absl::Time at) {
  DossierTimeline t;
  t.status = DossierStatus::kSubmitted;
  t.submitted_at = at;
  t.last_event_at = at;
  return t;
}

absl::StatusOr<DossierTimeline> StartReceived(const WorkingCalendar& calendar,
                                              absl::Time at,
                                              const ProcessingTime& time) {
  MOTCUA_ASSIGN_OR_RETURN(absl::Time due,
                          ComputeDueInstant(calendar, at, time));
  DossierTimeline t;
  t.status = DossierStatus::kReceived;
  t.processing_time = time;
  t.received_at = at;
  t.due_at = due;
  t.last_event_at = at;
  return t;
}

absl::Status ApplyTransition(const WorkingCalendar& calendar,
                             const DomainRules& rules,
                             const Transition& transition,
                             DossierTimeline* timeline) {
  using S = DossierStatus;
  const S to = transition.to;
  const absl::Time at = transition.at;
  MOTCUA_RETURN_IF_ERROR(CheckTransition(timeline->status, to));
  MOTCUA_RETURN_IF_ERROR(CheckTimeOrder(*timeline, at));
  if (transition.outcome != Outcome::kUnspecified &&
      transition.outcome != Outcome::kGranted &&
      transition.outcome != Outcome::kRefused) {
    return absl::InvalidArgumentError(
        absl::StrCat("an outcome is GRANTED or REFUSED, not ",
                     static_cast<int>(transition.outcome)));
  }
  if ((to == S::kResolved) != (transition.outcome != Outcome::kUnspecified)) {
    return absl::InvalidArgumentError(
        to == S::kResolved
            ? "a resolution needs an outcome (GRANTED or REFUSED)"
            : absl::StrCat("an outcome is given only with RESOLVED, not ",
                           StatusName(to)));
  }
  if ((to == S::kReceived) != transition.processing_time.has_value()) {
    return absl::InvalidArgumentError(
        to == S::kReceived
            ? "reception needs the procedure's processing time"
            : absl::StrCat("a processing time is given only at reception, "
                           "not with ",
                           StatusName(to)));
  }

  if (to != S::kReceived && to != S::kNotAccepted && !timeline->due_at) {
    return absl::FailedPreconditionError(
        "the dossier has no due instant: it was never received");
  }
  DossierTimeline t = *timeline;  // all or nothing: work on a copy
  if (IsClockPaused(t.status)) {
    MOTCUA_RETURN_IF_ERROR(EndPause(calendar, rules, to, at, &t));
  }
  switch (to) {
    case S::kReceived: {
      MOTCUA_ASSIGN_OR_RETURN(
          absl::Time due,
          ComputeDueInstant(calendar, at, *transition.processing_time));
      t.processing_time = *transition.processing_time;
      t.received_at = at;
      t.due_at = due;
      break;
    }
    case S::kAwaitingSupplement:
    case S::kAwaitingFinancial:
      t.pauses.push_back({to, at, std::nullopt, *t.due_at});
      break;
    case S::kResolved:
    case S::kStopped:
    case S::kWithdrawn: {
      if (!t.finished_at.has_value()) {
        MOTCUA_ASSIGN_OR_RETURN(
            Timeliness timeliness,
            ClassifyFinished(calendar, rules.granularity, *t.due_at, at));
        t.finished_at = at;
        t.timeliness = timeliness;
      }
      if (to == S::kResolved) t.outcome = transition.outcome;
      MOTCUA_RETURN_IF_ERROR(CloseOpenStep(calendar, rules, at, &t));
      break;
    }
    case S::kReturned:
      t.returned_at = at;
      break;
    default:
      break;
  }
  t.status = to;
  t.last_event_at = at;
  *timeline = std::move(t);
  return absl::OkStatus();
}

absl::Status ApplyApology(absl::Time at, absl::Time new_due,
                          DossierTimeline* timeline) {
  using S = DossierStatus;
  const S status = timeline->status;
  if (status != S::kReceived && status != S::kProcessing &&
      status != S::kAwaitingSupplement && status != S::kAwaitingFinancial) {
    return absl::FailedPreconditionError(
        absl::StrCat("an apology is made only for a dossier being processed, "
                     "not one that is ",
                     StatusName(status), " (", static_cast<int>(status), ")"));
  }
  MOTCUA_RETURN_IF_ERROR(CheckTimeOrder(*timeline, at));
  if (!timeline->due_at.has_value()) {
    return absl::FailedPreconditionError("the dossier has no due instant");
  }
  const absl::Time promised_before =
      timeline->extended_due_at.value_or(*timeline->due_at);
  if (new_due <= at || new_due <= promised_before) {
    return absl::InvalidArgumentError(absl::StrCat(
        "an apology's new appointment ", absl::FormatTime(new_due),
        " must be later than both the apology (", absl::FormatTime(at),
        ") and the appointment it replaces (",
        absl::FormatTime(promised_before), ")"));
  }
  timeline->extended_due_at = new_due;
  ++timeline->apology_count;
  timeline->last_event_at = at;
  return absl::OkStatus();
}

absl::Status StartStep(const WorkingCalendar& calendar,
                       const DomainRules& rules, absl::Time at,
                       const std::string& agency_code,
                       const ProcessingTime& allotted,
                       DossierTimeline* timeline) {
  if (timeline->status != DossierStatus::kProcessing) {
    return absl::FailedPreconditionError(absl::StrCat(
        "a dossier is handed between agencies only while PROCESSING (4), "
        "this one is ",
        StatusName(timeline->status), " (", static_cast<int>(timeline->status),
        ")"));
  }
  if (agency_code.empty()) {
    return absl::InvalidArgumentError("an inter-agency step needs an agency");
  }
  MOTCUA_RETURN_IF_ERROR(CheckTimeOrder(*timeline, at));
  MOTCUA_ASSIGN_OR_RETURN(absl::Time due,
                          ComputeDueInstant(calendar, at, allotted));
  DossierTimeline t = *timeline;
  MOTCUA_RETURN_IF_ERROR(CloseOpenStep(calendar, rules, at, &t));
  t.steps.push_back(
      {agency_code, allotted, at, due, std::nullopt, std::nullopt});
  t.last_event_at = at;
  *timeline = std::move(t);
  return absl::OkStatus();
}

absl::Status FinishStep(const WorkingCalendar& calendar,
                        const DomainRules& rules, absl::Time at,
                        DossierTimeline* timeline) {
  if (timeline->status != DossierStatus::kProcessing) {
    return absl::FailedPreconditionError(absl::StrCat(
        "an inter-agency step is finished only while PROCESSING (4), this "
        "dossier is ",
        StatusName(timeline->status), " (", static_cast<int>(timeline->status),
        ")"));
  }
  if (timeline->steps.empty() ||
      timeline->steps.back().finished_at.has_value()) {
    return absl::FailedPreconditionError(
        "the dossier has no open inter-agency step to finish");
  }
  MOTCUA_RETURN_IF_ERROR(CheckTimeOrder(*timeline, at));
  MOTCUA_RETURN_IF_ERROR(CloseOpenStep(calendar, rules, at, timeline));
  timeline->last_event_at = at;
  return absl::OkStatus();
}

absl::StatusOr<Timeliness> ClassifyDossier(const WorkingCalendar& calendar,
                                           const DomainRules& rules,
                                           const DossierTimeline& timeline) {
  if (!timeline.finished_at.has_value() || !timeline.due_at.has_value()) {
    return absl::FailedPreconditionError(
        "only a received and finished dossier is early, on time or late");
  }
  return ClassifyFinished(calendar, rules.granularity, *timeline.due_at,
                          *timeline.finished_at);
}

absl::Time DueInForceAt(const DossierTimeline& timeline, absl::Time as_of) {
  for (const ClockPause& p : timeline.pauses) {
    if (!p.ended_at.has_value() || as_of < *p.ended_at) return p.due_at_start;
  }
  return timeline.due_at.value_or(absl::InfiniteFuture());
}

const InterAgencyStep* OpenStep(const DossierTimeline& timeline) {
  if (timeline.finished_at.has_value() || timeline.steps.empty() ||
      timeline.steps.back().finished_at.has_value()) {
    return nullptr;
  }
  return &timeline.steps.back();
}

absl::StatusOr<OpenTimeliness> ClassifyOpenDossier(
    const DomainRules& rules, const DossierTimeline& timeline,
    absl::Time as_of) {
  if (!timeline.received_at.has_value() || !timeline.due_at.has_value() ||
      as_of < *timeline.received_at ||
      (timeline.finished_at.has_value() && *timeline.finished_at <= as_of)) {
    return absl::FailedPreconditionError(
        "only a dossier received and not yet finished at that instant is "
        "within time or overdue");
  }
  for (const ClockPause& p : timeline.pauses) {
    if (p.started_at <= as_of && (!p.ended_at || as_of < *p.ended_at)) {
      return ClassifyOpen(rules.granularity, p.due_at_start, p.started_at);
    }
  }
  return ClassifyOpen(rules.granularity, DueInForceAt(timeline, as_of), as_of);
}

absl::StatusOr<Timeliness> ClassifyStep(const WorkingCalendar& calendar,
                                        const DomainRules& rules,
                                        const InterAgencyStep& step) {
  if (!step.finished_at.has_value()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the step at agency ", step.agency_code, " is not finished"));
  }
  return ClassifyFinished(calendar, rules.granularity, step.due_at,
                          *step.finished_at);
}

}  // namespace motcua::core

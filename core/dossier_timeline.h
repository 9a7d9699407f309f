// A dossier's clock and status, derived event by event (DOMAIN.md sections
// 4-6): the due instant set at reception and moved only by clock pauses, the
// finish and return instants, apologies and inter-agency steps.
//
// Every Apply* function either applies the whole event or returns an error
// and leaves the timeline exactly as it was. Events must come in time order:
// an event earlier than the dossier's last one is refused with
// FailedPrecondition naming both instants.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/domain_rules.h"
#include "core/dossier_status.h"
#include "core/due_date.h"
#include "core/timeliness.h"
#include "core/working_calendar.h"

namespace motcua::core {

// The result of a resolved dossier. Numbers are part of the wire and disk
// formats: never renumber.
enum class Outcome {
  kUnspecified = 0,
  kGranted = 1,
  kRefused = 2,  // a refusal to grant is still a resolution
};

// One leg of inter-agency processing (liên thông): the agency holding the
// dossier, the time allotted to it, and its own due instant.
struct InterAgencyStep {
  std::string agency_code;
  ProcessingTime allotted;
  absl::Time started_at;
  absl::Time due_at;  // from started_at and allotted, moved by clock pauses
  std::optional<absl::Time> finished_at;
  // Set when the step finishes, under the deployment's granularity.
  std::optional<Timeliness> timeliness;
};

// One clock pause: a wait for a supplement or a financial obligation.
struct ClockPause {
  DossierStatus kind = DossierStatus::kUnspecified;  // 5 or 6
  absl::Time started_at;
  std::optional<absl::Time> ended_at;  // unset while waiting
  absl::Time due_at_start;             // the due instant when it started
};

struct DossierTimeline {
  DossierStatus status = DossierStatus::kUnspecified;
  // The procedure's processing time, snapshotted at reception.
  ProcessingTime processing_time;
  std::optional<absl::Time> submitted_at;  // online submission (status 1)
  std::optional<absl::Time> received_at;   // reception (status 2)
  std::optional<absl::Time> due_at;        // hạn trả, moved only by pauses
  std::optional<absl::Time> extended_due_at;  // the latest apology's promise
  std::optional<absl::Time> finished_at;      // first of 9, 8, 7 after 2
  std::optional<absl::Time> returned_at;      // status 10
  Outcome outcome = Outcome::kUnspecified;
  // Set with finished_at: EARLY / ON_TIME / LATE against due_at, under the
  // deployment's granularity at the time of finishing.
  std::optional<Timeliness> timeliness;
  int apology_count = 0;
  absl::Time last_event_at = absl::InfinitePast();
  std::vector<InterAgencyStep> steps;
  // Every wait, in order; the last one is open while AWAITING_*. Kept so
  // that a dossier's standing can be judged as of any past instant.
  std::vector<ClockPause> pauses;
};

// The inter-agency step of an open dossier that is itself open (the last
// one, unfinished), or nullptr: what the early warnings' steps and the
// open-step index follow.
const InterAgencyStep* OpenStep(const DossierTimeline& timeline);

// A dossier submitted online at `at`, not yet checked (status 1).
DossierTimeline StartSubmitted(absl::Time at);

// A dossier received at the desk at `at` (status 2), its due instant
// computed from the procedure's `processing_time`.
absl::StatusOr<DossierTimeline> StartReceived(const WorkingCalendar& calendar,
                                              absl::Time at,
                                              const ProcessingTime& time);

struct Transition {
  DossierStatus to = DossierStatus::kUnspecified;
  absl::Time at;
  // Required when `to` is RESOLVED, refused otherwise.
  Outcome outcome = Outcome::kUnspecified;
  // Required when `to` is RECEIVED (from SUBMITTED): the procedure's time as
  // of reception.
  std::optional<ProcessingTime> processing_time;
};

// Applies a status change. Effects: RECEIVED sets received_at and due_at;
// entering AWAITING_* starts a pause; leaving one ends it and moves due_at
// (by the working time waited, or under RESTART on a supplement's return by
// recounting the full time from `at`; a financial wait always pauses);
// RESOLVED, STOPPED and WITHDRAWN set finished_at and timeliness; RETURNED
// sets returned_at.
// An open inter-agency step is moved by pauses like the dossier and is
// finished when the dossier leaves PROCESSING for good.
// Errors: FailedPrecondition for an illegal transition or an event out of
// time order; InvalidArgument for a missing or misplaced outcome or
// processing time; calendar errors as they come.
absl::Status ApplyTransition(const WorkingCalendar& calendar,
                             const DomainRules& rules,
                             const Transition& transition,
                             DossierTimeline* timeline);

// Records an apology (form 04) made at `at` promising `new_due`. Allowed in
// RECEIVED, PROCESSING and the AWAITING_* statuses; `new_due` must be after
// both `at` and the current due (and any earlier promise). Never moves
// due_at: statistics judge against due_at.
absl::Status ApplyApology(absl::Time at, absl::Time new_due,
                          DossierTimeline* timeline);

// Hands the dossier, while PROCESSING, to `agency_code` for `allotted` time
// from `at`; a step still open is finished (and classified) at `at`.
absl::Status StartStep(const WorkingCalendar& calendar,
                       const DomainRules& rules, absl::Time at,
                       const std::string& agency_code,
                       const ProcessingTime& allotted,
                       DossierTimeline* timeline);

// Finishes and classifies the open step at `at` (the agency has done its
// part).
absl::Status FinishStep(const WorkingCalendar& calendar,
                        const DomainRules& rules, absl::Time at,
                        DossierTimeline* timeline);

// EARLY / ON_TIME / LATE of a finished dossier against due_at.
// FailedPrecondition when the dossier is not finished.
absl::StatusOr<Timeliness> ClassifyDossier(const WorkingCalendar& calendar,
                                           const DomainRules& rules,
                                           const DossierTimeline& timeline);

// The due instant in force at `as_of` (pauses that ended after `as_of` had
// not yet moved it). For an instant inside a wait, the due when it started.
absl::Time DueInForceAt(const DossierTimeline& timeline, absl::Time as_of);

// WITHIN_TIME / OVERDUE of a dossier open at `as_of` (received at or before
// it, not finished by it), judged against the due in force then. A dossier
// waiting at `as_of` (its clock paused) is OVERDUE only if it already was
// when the wait began: no time runs against it while it waits.
// FailedPrecondition when it was not open at `as_of`.
absl::StatusOr<OpenTimeliness> ClassifyOpenDossier(
    const DomainRules& rules, const DossierTimeline& timeline,
    absl::Time as_of);

// EARLY / ON_TIME / LATE of a finished step against its own due instant.
absl::StatusOr<Timeliness> ClassifyStep(const WorkingCalendar& calendar,
                                        const DomainRules& rules,
                                        const InterAgencyStep& step);

}  // namespace motcua::core

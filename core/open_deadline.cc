#include "core/open_deadline.h"

#include "absl/strings/str_cat.h"
#include "core/local_time.h"
#include "core/status_macros.h"

namespace motcua::core {
namespace {

// The start of the wait in progress at `as_of`, if any: the clock's
// instant for a dossier that waits.
std::optional<absl::Time> WaitStartAt(const DossierTimeline& t,
                                      absl::Time as_of) {
  for (const ClockPause& p : t.pauses) {
    if (p.started_at <= as_of && (!p.ended_at || as_of < *p.ended_at)) {
      return p.started_at;
    }
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<absl::Duration> SignedWorkingTime(
    const WorkingCalendar& calendar, absl::Time from, absl::Time to) {
  if (from <= to) return calendar.WorkingTimeBetween(from, to);
  MOTCUA_ASSIGN_OR_RETURN(const absl::Duration past,
                          calendar.WorkingTimeBetween(to, from));
  return -past;
}

absl::StatusOr<OpenDeadline> DossierDeadline(const WorkingCalendar& calendar,
                                             const DomainRules& rules,
                                             const DossierTimeline& timeline,
                                             absl::Time as_of) {
  MOTCUA_ASSIGN_OR_RETURN(const OpenTimeliness open,
                          ClassifyOpenDossier(rules, timeline, as_of));
  OpenDeadline d;
  d.due = DueInForceAt(timeline, as_of);
  const std::optional<absl::Time> wait = WaitStartAt(timeline, as_of);
  d.clock_paused = wait.has_value();
  MOTCUA_ASSIGN_OR_RETURN(
      d.left, SignedWorkingTime(calendar, wait.value_or(as_of), d.due));
  d.overdue = open == OpenTimeliness::kOverdue;
  return d;
}

absl::StatusOr<OpenDeadline> OpenStepDeadline(const WorkingCalendar& calendar,
                                              const DomainRules& rules,
                                              const DossierTimeline& timeline,
                                              absl::Time as_of) {
  if (timeline.steps.empty() || timeline.steps.back().finished_at) {
    return absl::FailedPreconditionError("the dossier has no open step");
  }
  if (as_of < timeline.last_event_at) {
    return absl::FailedPreconditionError(
        "an open step's deadline is known only from the dossier's last "
        "event on");
  }
  OpenDeadline d;
  d.due = timeline.steps.back().due_at;
  const std::optional<absl::Time> wait = WaitStartAt(timeline, as_of);
  d.clock_paused = wait.has_value();
  const absl::Time clock = wait.value_or(as_of);
  MOTCUA_ASSIGN_OR_RETURN(d.left, SignedWorkingTime(calendar, clock, d.due));
  d.overdue =
      ClassifyOpen(rules.granularity, d.due, clock) == OpenTimeliness::kOverdue;
  return d;
}

absl::StatusOr<DueSoonWindow> DueSoonWindowAt(
    const WorkingCalendar& calendar, absl::Time as_of,
    std::optional<absl::Duration> within) {
  DueSoonWindow window;
  if (within.has_value()) {
    if (*within <= absl::ZeroDuration() || *within > kMaxDueSoonWindow) {
      return absl::InvalidArgumentError(
          absl::StrCat("within must be more than 0 and at most ",
                       absl::FormatDuration(kMaxDueSoonWindow)));
    }
    MOTCUA_ASSIGN_OR_RETURN(window.end,
                            calendar.AddWorkingTime(as_of, *within));
    window.working_time = *within;
    return window;
  }
  MOTCUA_ASSIGN_OR_RETURN(const absl::CivilDay next,
                          calendar.NextWorkingDay(LocalDay(as_of)));
  MOTCUA_ASSIGN_OR_RETURN(const absl::Span<const WorkPeriod> periods,
                          calendar.PeriodsOn(next));
  window.end = FromLocal(absl::CivilSecond(next) +
                         int64_t{60} * periods.back().end_minute);
  MOTCUA_ASSIGN_OR_RETURN(window.working_time,
                          calendar.WorkingTimeBetween(as_of, window.end));
  return window;
}

bool IsDueSoon(const OpenDeadline& deadline, const DueSoonWindow& window) {
  return !deadline.overdue && !deadline.clock_paused &&
         deadline.due <= window.end;
}

}  // namespace motcua::core

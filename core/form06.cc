#include "core/form06.h"

#include <tuple>

namespace motcua::core {
namespace {

int64_t Received(const CounterRow& r) {
  return r[Metric::kReceivedDirect] + r[Metric::kReceivedOnline] +
         r[Metric::kReceivedPostal];
}

int64_t Finished(const CounterRow& r) {
  return r[Metric::kFinishedEarly] + r[Metric::kFinishedOnTime] +
         r[Metric::kFinishedLate];
}

auto Tie(const Form06& f) {
  return std::tie(
      f.received_total, f.received_online, f.received_direct_postal,
      f.carried_over, f.resolved_total, f.resolved_early, f.resolved_on_time,
      f.resolved_late, f.in_progress_total, f.in_progress_within_time,
      f.in_progress_overdue, f.awaiting_supplement, f.withdrawn, f.not_accepted,
      f.late_with_apology, f.received_online_level3, f.received_online_level4,
      f.received_online_partial, f.received_online_full, f.steps_early,
      f.steps_on_time, f.steps_late);
}

}  // namespace

bool operator==(const Form06& a, const Form06& b) { return Tie(a) == Tie(b); }

Form06 ComputeForm06(const CounterRow& before, const CounterRow& period,
                     const CounterRow& through) {
  Form06 f;
  f.received_online = period[Metric::kReceivedOnline];
  f.received_direct_postal =
      period[Metric::kReceivedDirect] + period[Metric::kReceivedPostal];
  f.carried_over = Received(before) - Finished(before);
  f.received_total =
      f.received_online + f.received_direct_postal + f.carried_over;
  f.resolved_early = period[Metric::kFinishedEarly];
  f.resolved_on_time = period[Metric::kFinishedOnTime];
  f.resolved_late = period[Metric::kFinishedLate];
  f.resolved_total = Finished(period);
  f.in_progress_total = Received(through) - Finished(through);
  f.in_progress_overdue =
      through[Metric::kOverdueFrom] - through[Metric::kOverdueUntil];
  f.in_progress_within_time = f.in_progress_total - f.in_progress_overdue;
  f.awaiting_supplement = through[Metric::kAwaitingSupplementFrom] -
                          through[Metric::kAwaitingSupplementUntil];
  f.withdrawn = period[Metric::kFinishedWithdrawn];
  f.not_accepted = period[Metric::kNotAccepted];
  f.late_with_apology = period[Metric::kFinishedLateWithApology];
  f.received_online_level3 = period[Metric::kReceivedOnlineLevel3];
  f.received_online_level4 = period[Metric::kReceivedOnlineLevel4];
  f.received_online_partial = period[Metric::kReceivedOnlinePartial];
  f.received_online_full = period[Metric::kReceivedOnlineFull];
  f.steps_early = period[Metric::kStepEarly];
  f.steps_on_time = period[Metric::kStepOnTime];
  f.steps_late = period[Metric::kStepLate];
  return f;
}

}  // namespace motcua::core

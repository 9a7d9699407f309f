// Report form 06 (Circular 01/2020/TT-VPCP) from counter sums: the
// arithmetic of DOMAIN.md section 7, with no I/O.
#pragma once

#include <cstdint>

#include "core/counters.h"

namespace motcua::core {

struct Form06 {
  // Received: online + direct/postal in the period, plus carried over.
  int64_t received_total = 0;
  int64_t received_online = 0;
  int64_t received_direct_postal = 0;
  int64_t carried_over = 0;  // received before `from`, unfinished at it
  // Finished in the period.
  int64_t resolved_total = 0;
  int64_t resolved_early = 0;
  int64_t resolved_on_time = 0;
  int64_t resolved_late = 0;
  // Unfinished at the end of the as-of day.
  int64_t in_progress_total = 0;
  int64_t in_progress_within_time = 0;
  int64_t in_progress_overdue = 0;
  // Extra columns.
  int64_t awaiting_supplement = 0;  // at the end of the as-of day
  int64_t withdrawn = 0;            // finished by withdrawal in the period
  int64_t not_accepted = 0;         // refused at reception in the period
  int64_t late_with_apology = 0;    // finished late in the period, apologised
  // Online dossiers received in the period, by the procedure's
  // classification at reception (numerators of the online ratios).
  int64_t received_online_level3 = 0;
  int64_t received_online_level4 = 0;
  int64_t received_online_partial = 0;
  int64_t received_online_full = 0;
  // Inter-agency steps finished in the period (AGENCY scope).
  int64_t steps_early = 0;
  int64_t steps_on_time = 0;
  int64_t steps_late = 0;

  friend bool operator==(const Form06& a, const Form06& b);
};

// Builds the form from three counter sums of one scope and dimension:
//  `before`:  every day before the period's first day;
//  `period`:  the period's days [from, to];
//  `through`: every day up to and including the as-of day, min(to, today).
Form06 ComputeForm06(const CounterRow& before, const CounterRow& period,
                     const CounterRow& through);

}  // namespace motcua::core

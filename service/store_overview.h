// How many dossiers the store holds, and how many are open and overdue, for
// monitoring: read from the deployment's counters, not by scanning dossiers.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/store.h"

namespace motcua::service {

struct StoreOverview {
  // Dossiers that reached reception: received (every channel) or refused
  // there. Online submissions not yet received are not counted (the
  // counters start at reception).
  int64_t dossiers = 0;
  // In progress as form 06 counts it: received and not yet resolved.
  int64_t open = 0;
  // Open and overdue, judged at the end of today's local day as the
  // statistics' counters judge a day (under INSTANT granularity this
  // includes those due later today).
  int64_t overdue = 0;
};

// The overview as of `now`: one counter sum over the deployment scope from
// storage::kFirstCounterDay to today, whose cost is a read of its month and
// day rows (a few hundred rows, however many dossiers are stored).
absl::StatusOr<StoreOverview> ReadStoreOverview(storage::Store& store,
                                                absl::Time now);

}  // namespace motcua::service

#include "service/store_overview.h"

#include "core/counters.h"
#include "core/form06.h"
#include "core/local_time.h"
#include "core/status_macros.h"

namespace motcua::service {

absl::StatusOr<StoreOverview> ReadStoreOverview(storage::Store& store,
                                                absl::Time now) {
  MOTCUA_ASSIGN_OR_RETURN(
      const core::CounterRow all,
      store.SumCounters(core::Scope{}, core::Dimension::kTotal, "",
                        storage::kFirstCounterDay, core::LocalDay(now)));
  // One period holding every day: nothing carried over, and the as-of day
  // is today, so form 06's arithmetic gives the standing figures.
  const core::Form06 form = core::ComputeForm06(core::CounterRow{}, all, all);
  StoreOverview overview;
  overview.dossiers = form.received_total + form.not_accepted;
  overview.open = form.in_progress_total;
  overview.overdue = form.in_progress_overdue;
  return overview;
}

}  // namespace motcua::service

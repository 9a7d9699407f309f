// Form 06 and rates from the store's counters (engine-neutral): three
// counter sums per figure, whatever the number of dossiers.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "core/catalogue_index.h"
#include "core/domain_rules.h"
#include "core/form06.h"
#include "storage/store.h"

namespace motcua::service {

// A statistics period [from, to] judged as of the end of `as_of` (a day in
// [from, to]: min(to, today)), or as of an instant within that day.
struct StatisticsPeriod {
  absl::CivilDay from;
  absl::CivilDay to;
  absl::CivilDay as_of;
  // Open dossiers that the counters, judging at the end of `as_of`, count
  // overdue although they are still within time at the as-of instant (see
  // WithinTimeUntilEndOfDay); every figure counts them within time. Null or
  // empty when the period is judged at the end of its as-of day.
  std::shared_ptr<const std::vector<core::Dossier>> within_time_at_instant;
};

// The months of `p` that have begun by its as-of day, keyed "2025-03",
// each clipped to the period and judged at its own end, but the month of
// the as-of day, judged as `p` is (at its instant).
std::vector<std::pair<std::string, StatisticsPeriod>> MonthPeriods(
    const StatisticsPeriod& p);

// The open dossiers within time at `instant` but overdue at the end of its
// local day: under INSTANT granularity, those due later that day (under
// DATE a day has one standing, so none). Counters judge each day at its
// end; a figure "as of now" moves these back. Reads only the open dossiers
// due that day, agency by agency: the cost follows the day's workload, not
// the number of dossiers stored.
absl::StatusOr<std::vector<core::Dossier>> WithinTimeUntilEndOfDay(
    storage::Store& store, const core::DomainRules& rules,
    const core::CatalogueIndex& catalogue, absl::Time instant);

// Form 06 of `scope` for one dimension code (kTotal: code empty).
absl::StatusOr<core::Form06> Form06For(storage::Store& store,
                                       const core::Scope& scope,
                                       core::Dimension dimension,
                                       const std::string& code,
                                       const StatisticsPeriod& period);

// Form 06 of `scope` for every code of `dimension` that has counters.
absl::StatusOr<std::map<std::string, core::Form06>> Form06ByCode(
    storage::Store& store, const core::Scope& scope, core::Dimension dimension,
    const StatisticsPeriod& period);

}  // namespace motcua::service

// Form 06 and rates from the store's counters (engine-neutral): three
// counter sums per figure, whatever the number of dossiers.
#pragma once

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "core/form06.h"
#include "storage/store.h"

namespace motcua::server {

// A statistics period [from, to] judged as of the end of `as_of` (a day in
// [from, to]: min(to, today)).
struct StatisticsPeriod {
  absl::CivilDay from;
  absl::CivilDay to;
  absl::CivilDay as_of;
};

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

}  // namespace motcua::server

// The rows a report lists for each breakdown that is not a counter
// dimension (months, child units, agencies): shared by the report and by
// the listing of a row's dossiers, so that both name the same rows.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "core/catalogue_index.h"
#include "core/counters.h"

namespace motcua::service {

// The calendar months of [from, to], each clipped to the period.
std::vector<std::pair<absl::CivilDay, absl::CivilDay>> MonthsOf(
    absl::CivilDay from, absl::CivilDay to);
// A month row's key: "2025-03".
std::string MonthKey(absl::CivilDay day);

// The children a CHILD_UNIT row lists: units the catalogue places under
// `scope` on some day of [from, to] (counters were kept under the hierarchy
// of each reception day), then agencies attached to `scope` itself.
std::vector<core::Scope> ChildRowScopes(const core::CatalogueIndex& catalogue,
                                        const core::Scope& scope,
                                        absl::CivilDay from, absl::CivilDay to);

// The agencies an AGENCY row lists: those in force and within `scope` on
// the period's first or last day, whatever the scope (the deployment
// included).
std::vector<core::Scope> AgencyRowScopes(const core::CatalogueIndex& catalogue,
                                         const core::Scope& scope,
                                         absl::CivilDay from,
                                         absl::CivilDay to);

}  // namespace motcua::service

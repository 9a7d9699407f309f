// The administrative hierarchy as of a day, from the versioned catalogue.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "core/counters.h"
#include "core/dossier.h"
#include "storage/store.h"

namespace motcua::server {

// The units above `agency_code` on `day`: its commune, district and
// province as they were then. InvalidArgument naming `field` when the agency
// or one of its units is not in force that day.
absl::StatusOr<core::UnitPath> UnitPathOf(storage::Store& store,
                                          const std::string& agency_code,
                                          absl::CivilDay day,
                                          absl::string_view field);

// Whether `inner` lies within `outer` on `day` (a scope contains itself;
// the deployment contains everything).
bool ScopeWithin(storage::Store& store, const core::Scope& outer,
                 const core::Scope& inner, absl::CivilDay day);

}  // namespace motcua::server

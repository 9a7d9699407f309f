// Store::ListDossiers and Store::ScanReceived, written once for every
// engine over its cursors (key_cursor.h). Internal to storage/.
#pragma once

#include "absl/status/statusor.h"
#include "core/domain_rules.h"
#include "storage/key_cursor.h"
#include "storage/store.h"

namespace motcua::storage {

// One page of `q` (Store::ListDossiers' contract), judged under `rules`.
absl::StatusOr<DossierPage> ListDossiersFrom(const DossierQuery& q,
                                             const core::DomainRules& rules,
                                             const IndexCursors& cursors,
                                             const DossierReader& read);

// Store::ScanReceived's contract over one view's cursors and reader.
absl::Status ScanReceivedFrom(
    const core::Scope& scope, absl::CivilDay first, absl::CivilDay last,
    const IndexCursors& cursors, const DossierReader& read,
    const std::function<bool(const core::Dossier&)>& visit);

}  // namespace motcua::storage

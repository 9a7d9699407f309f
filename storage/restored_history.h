// What RestoreDossiers checks of a history before any engine writes it.
// Internal to storage/.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "storage/store.h"

namespace motcua::storage {

// OK when `history` can be stored as given: at least one event, events
// numbered 1..version in order, where version is the record's.
// InvalidArgument naming the dossier otherwise.
absl::Status CheckRestoredHistory(const ImportedHistory& history);

// CheckRestoredHistory for each of `histories`.
absl::Status CheckRestoredHistories(
    const std::vector<ImportedHistory>& histories);

}  // namespace motcua::storage

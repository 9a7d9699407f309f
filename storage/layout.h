// What a dossier record implies in the index and counter keyspaces: the
// single source for both writes and Verify(). Internal to storage/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/counters.h"
#include "core/dossier.h"

namespace motcua::storage {

// Every index key of `dossier`: its reception day under each of its scopes,
// its agency and status, and (while open) its due day.
std::vector<std::string> DossierIndexKeys(const core::Dossier& dossier);

// The counter cells as stored rows: each cell counts in its day's row and
// its month's row. There are no year rows: a year is read as its 12 month
// rows, which spares every write a third of its rows. Rows whose deltas
// cancel are omitted.
std::map<std::string, core::CounterRow> CounterRowDeltas(
    const std::vector<core::CounterCell>& cells);

}  // namespace motcua::storage

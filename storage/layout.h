// What a dossier record implies in the index and counter keyspaces: the
// single source for both writes and Verify(). Internal to storage/.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/counters.h"
#include "core/dossier.h"
#include "core/dossier_shares.h"

namespace motcua::storage {

// Every index entry of `dossier` (key -> value): its reception day under
// each of its scopes, its agency and status, (while open) its due day, its
// open step (OpenStepIndexEntries), and its
// shares in the counters of each scope (the cell index), which follow the
// counters' granularity.
std::map<std::string, std::string> DossierIndexEntries(
    const core::Dossier& dossier, core::Granularity granularity);
// The open-step entries of `dossier`: none unless the dossier is open and
// its last inter-agency step is too; then the step's due day under the
// agency holding it and under the receiving agency.
std::map<std::string, std::string> OpenStepIndexEntries(
    const core::Dossier& dossier);

// The value of a cell-index entry: the share's codes, and for a period
// metric the times counted, for a standing entry every standing interval.
std::string EncodeCountedValue(const core::ScopeShare& share, int64_t times);
bool DecodeCountedValue(absl::string_view value, core::ScopeShare* share,
                        int64_t* times);
std::string EncodeStandingValue(const core::ScopeShare& share);
bool DecodeStandingValue(absl::string_view value, core::ScopeShare* share);
// Reads a standing entry's value in place, without allocating (a listing
// skips most entries it scans): its codes, as views into `value`, and how
// many of `standing`'s intervals hold `day`. False when malformed.
bool PeekStandingValue(absl::string_view value, core::Standing standing,
                       absl::CivilDay day, absl::string_view* field_code,
                       absl::string_view* procedure_code, int64_t* times);

// The counter cells as stored rows: each cell counts in its day's row and
// its month's row. There are no year rows: a year is read as its 12 month
// rows, which spares every write a third of its rows. Rows whose deltas
// cancel are omitted.
std::map<std::string, core::CounterRow> CounterRowDeltas(
    const std::vector<core::CounterCell>& cells);

}  // namespace motcua::storage

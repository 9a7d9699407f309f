// Store::ListCounted, written once for every engine over its cursors
// (key_cursor.h). Internal to storage/.
#pragma once

#include "absl/status/statusor.h"
#include "core/counters.h"
#include "storage/key_cursor.h"
#include "storage/store.h"

namespace motcua::storage {

// One page of `q` (Store::ListCounted's contract); `g` is the counters'
// granularity. `cursors` and `read` must read one consistent view.
absl::StatusOr<CountedPage> ListCountedFrom(const CountedQuery& q,
                                            core::Granularity g,
                                            const IndexCursors& cursors,
                                            const DossierReader& read);

}  // namespace motcua::storage

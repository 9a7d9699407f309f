// The stored form of counter rows and deltas: a sparse list of
// (metric, value) pairs, varint-encoded, so a delta touching two metrics
// costs a few bytes. Internal to storage/.
#pragma once

#include <string>

#include "absl/strings/string_view.h"
#include "core/counters.h"

namespace motcua::storage {

// Encodes the non-zero values of `row`.
std::string EncodeCounterRow(const core::CounterRow& row);

// Adds the values encoded in `bytes` to `*row`; false on malformed bytes
// (and `*row` is then unspecified). Metrics this build does not know (from
// a newer version) are ignored.
bool AddEncodedCounterRow(absl::string_view bytes, core::CounterRow* row);

}  // namespace motcua::storage

// The merge operator that adds counter deltas (counter_row_codec.h). It
// must be registered on every open of the counters column family: without
// it, reads of merged keys fail. Internal to storage/.
#pragma once

#include <memory>

#include "rocksdb/merge_operator.h"

namespace motcua::storage {

std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator();

}  // namespace motcua::storage

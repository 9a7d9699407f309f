// The merge operator of the default column family: a dossier-code sequence
// key keeps the highest number merged into it. New dossiers take their
// numbers in order but commit in any order (their writes wait for the log
// sync together), so a plain Put could move a sequence back below a number
// in use. Must be registered on every open. Internal to storage/.
#pragma once

#include <memory>

#include "rocksdb/merge_operator.h"

namespace motcua::storage {

std::shared_ptr<rocksdb::MergeOperator> NewHighestNumberMergeOperator();

}  // namespace motcua::storage

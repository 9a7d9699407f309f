// The value of a dossier-code sequence key (the highest number handed out,
// eight bytes big-endian) and the merge operator of the default column
// family: a sequence key keeps the highest number merged into it. New dossiers
// take their numbers in order but commit in any order (their writes wait for
// the log sync together), so a plain Put could move a sequence back below a
// number in use. Must be registered on every open. Internal to storage/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "rocksdb/merge_operator.h"

namespace motcua::storage {

std::string EncodeSequenceNumber(int64_t number);
// False when `value` is not exactly one encoded number.
bool DecodeSequenceNumber(absl::string_view value, int64_t* number);

std::shared_ptr<rocksdb::MergeOperator> NewHighestNumberMergeOperator();

}  // namespace motcua::storage

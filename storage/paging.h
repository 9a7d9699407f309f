// What a listing's page_size means, the same for every listing of the
// RocksDB engine. Internal to storage/.
#pragma once

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace motcua::storage {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// The page size `requested` asks for: 0 means kDefaultPageSize;
// InvalidArgument outside 0..kMaxPageSize.
inline absl::StatusOr<int> PageSizeOf(int requested) {
  if (requested < 0 || requested > kMaxPageSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("page_size must be 0 to ", kMaxPageSize));
  }
  return requested == 0 ? kDefaultPageSize : requested;
}

}  // namespace motcua::storage

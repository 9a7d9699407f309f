// Maps rocksdb::Status to absl::Status. Internal to storage/.
#pragma once

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "rocksdb/status.h"

namespace motcua::storage {

// OK stays OK; otherwise the canonical code closest to the cause, with
// `context` ("opening /var/motcua") in front of RocksDB's message.
absl::Status FromRocksDb(const rocksdb::Status& status,
                         absl::string_view context);

}  // namespace motcua::storage

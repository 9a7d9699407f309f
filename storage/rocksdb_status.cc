#include "storage/rocksdb_status.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace motcua::storage {

absl::Status FromRocksDb(const rocksdb::Status& status,
                         absl::string_view context) {
  if (status.ok()) return absl::OkStatus();
  const std::string message =
      absl::StrCat("storage: ", context, ": ", status.ToString());
  if (status.IsNotFound()) return absl::NotFoundError(message);
  if (status.IsCorruption()) return absl::DataLossError(message);
  if (status.IsBusy() || status.IsTryAgain() || status.IsTimedOut()) {
    return absl::UnavailableError(message);
  }
  // Another process holds the directory's LOCK file.
  if (status.IsIOError() && absl::StrContains(status.ToString(), "lock")) {
    return absl::FailedPreconditionError(message);
  }
  if (status.IsIOError() || status.IsNoSpace()) {
    return absl::UnavailableError(message);
  }
  return absl::InternalError(message);
}

}  // namespace motcua::storage

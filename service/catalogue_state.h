// The catalogue held in memory: one immutable core::CatalogueIndex, rebuilt
// from the store after each catalogue write and swapped in whole. A call
// takes the current index once and uses it throughout, so it never sees half
// a change; readers only copy a pointer, never wait for a rebuild.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/catalogue_index.h"
#include "storage/store.h"

namespace motcua::service {

class CatalogueState {
 public:
  // Builds the first index from `store`'s catalogue.
  static absl::StatusOr<std::unique_ptr<CatalogueState>> Load(
      storage::Store& store);

  // The current index.
  std::shared_ptr<const core::CatalogueIndex> Get() const;

  // Runs `write` (catalogue writes to the store), then rebuilds the index
  // from the store, whatever `write` answered (part of it may have been
  // stored). Writers are serialised so that the index installed last is
  // the one read last. Returns `write`'s status, or the rebuild's failure.
  absl::Status Change(const std::function<absl::Status()>& write);

 private:
  explicit CatalogueState(storage::Store& store) : store_(store) {}
  absl::Status Rebuild();

  storage::Store& store_;
  std::mutex writer_;  // held by Change for a write and its rebuild
  mutable std::mutex current_mutex_;  // held only to copy or swap current_
  std::shared_ptr<const core::CatalogueIndex> current_;
};

}  // namespace motcua::service

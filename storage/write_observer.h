// What the write path tells an observer (the server's metrics), in plain
// numbers: storage stays free of any metrics library.
#pragma once

#include <cstddef>

#include "absl/time/time.h"

namespace motcua::storage {

class WriteObserver {
 public:
  virtual ~WriteObserver() = default;

  // Called by the engine's committing thread after each grouped write:
  // `writes` callers' batches went to disk as one write of `bytes` bytes,
  // which took `duration` (log append, its sync when writes are synced, and
  // the memtable insert). Must be quick and must not call back into the
  // store: every writer of the next group waits meanwhile.
  virtual void GroupCommitted(int writes, size_t bytes,
                              absl::Duration duration) = 0;
};

}  // namespace motcua::storage

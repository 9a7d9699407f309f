// A fixed set of threads that run blocking store work for the callback API.
//
// gRPC runs callback handlers on a few threads (about one per core). A durable
// write blocks its thread until the log is synced, so run inline only one or
// two writes wait at a time and RocksDB's group commit has nothing to group.
// Handing writes to this pool lets as many wait as there are threads, and one
// sync then commits them all.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <thread>
#include <vector>

#include "absl/synchronization/mutex.h"

namespace motcua::server {

class WorkerPool {
 public:
  // Starts `threads` (>= 1) workers; at most `max_queued` tasks wait for one.
  WorkerPool(int threads, size_t max_queued);
  // Runs every task already accepted, then joins the workers.
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues `task` and returns true, or returns false without queuing it when
  // `max_queued` tasks are already waiting (the caller sheds the load).
  bool TrySubmit(std::function<void()> task);

  int threads() const { return static_cast<int>(workers_.size()); }
  size_t max_queued() const { return max_queued_; }
  // Tasks waiting for a worker now (not those running).
  size_t queued() const;
  // Tasks refused by TrySubmit since construction.
  int64_t refused() const { return refused_.load(std::memory_order_relaxed); }

 private:
  void Work();
  bool HasWorkOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_queued_;
  std::atomic<int64_t> refused_{0};
  mutable absl::Mutex mu_;
  std::deque<std::function<void()>> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace motcua::server

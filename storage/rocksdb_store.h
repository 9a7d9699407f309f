// The embedded RocksDB engine of the storage contract (store.h): the
// default for a single machine. Data lives in one directory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "storage/store.h"
#include "storage/write_observer.h"

namespace motcua::storage {

struct RocksDbStoreOptions {
  // Durability of acknowledged writes. The write-ahead log is always on.
  //  true (default): each write's log record is synced to disk before the
  //    write returns; concurrent writers share one sync (group commit), so
  //    throughput holds under load. Survives power loss.
  //  false: the log is written to the OS but not synced: survives a crash
  //    of the process, not of the machine (the last writes may be lost).
  bool sync_writes = true;
  // How long applied request ids are remembered for retries.
  absl::Duration request_id_retention = absl::Hours(24 * 7);
  // Shared block cache for all data, in bytes: the main memory knob.
  size_t block_cache_bytes = size_t{256} << 20;
  // Background threads for flushes and compactions.
  int background_threads = 2;
  // Clock for recorded_at stamps and request-id expiry (tests inject one).
  std::function<absl::Time()> clock = [] { return absl::Now(); };
  // Told of every grouped write (for metrics); null for none. Must outlive
  // the store.
  WriteObserver* write_observer = nullptr;
};

// Opens (creating if needed) the store in `directory`. FailedPrecondition
// if another process holds it open; DataLoss / Internal if it is damaged.
absl::StatusOr<std::unique_ptr<Store>> OpenRocksDbStore(
    const std::string& directory, const RocksDbStoreOptions& options = {});

// Restores backup `backup_id` (0: the newest) of `backup_folder`, made by
// Store::Backup of a RocksDB store, into `directory`, which is created if
// needed and must be empty: FailedPrecondition otherwise, as nothing is
// ever restored over data. Offline: no store may be open on `directory`.
// NotFound when the folder or the backup does not exist; DataLoss when a
// backup file is damaged. Answers the backup restored; open the result
// with OpenRocksDbStore.
absl::StatusOr<BackupInfo> RestoreRocksDbBackup(
    const std::string& backup_folder, int64_t backup_id,
    const std::string& directory);

}  // namespace motcua::storage

// RocksDbStore::GetEngineStats: RocksDB's properties as plain numbers.
#include <cstdint>
#include <map>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "storage/rocksdb_store_impl.h"

namespace motcua::storage {
namespace {

// A stall counter of a family's "rocksdb.cfstats" map; Internal when the
// engine does not report it (a RocksDB upgrade renamed it: better to fail
// the metrics test than to report 0 stalls for ever).
absl::StatusOr<int64_t> StallCount(const std::map<std::string, std::string>& m,
                                   const std::string& key) {
  auto it = m.find(key);
  double value = 0;
  if (it == m.end() || !absl::SimpleAtod(it->second, &value)) {
    return absl::InternalError(
        absl::StrCat("storage: RocksDB reports no ", key));
  }
  return static_cast<int64_t>(value);
}

}  // namespace

absl::StatusOr<EngineStats> RocksDbStore::GetEngineStats() {
  EngineStats stats;
  // Summed over the column families; each figure is kept in memory by
  // RocksDB, so this costs no I/O.
  auto sum = [&](const std::string& property, int64_t* into) {
    uint64_t value = 0;
    if (!db_->GetAggregatedIntProperty(property, &value)) {
      return absl::InternalError(
          absl::StrCat("storage: RocksDB reports no ", property));
    }
    *into = static_cast<int64_t>(value);
    return absl::OkStatus();
  };
  MOTCUA_RETURN_IF_ERROR(
      sum(rocksdb::DB::Properties::kEstimatePendingCompactionBytes,
          &stats.pending_compaction_bytes));
  MOTCUA_RETURN_IF_ERROR(
      sum(rocksdb::DB::Properties::kSizeAllMemTables, &stats.memtable_bytes));
  MOTCUA_RETURN_IF_ERROR(
      sum(rocksdb::DB::Properties::kLiveSstFilesSize, &stats.table_bytes));
  uint64_t stopped = 0;
  if (db_->GetIntProperty(rocksdb::DB::Properties::kIsWriteStopped, &stopped)) {
    stats.writes_stopped = stopped != 0;
  }
  for (rocksdb::ColumnFamilyHandle* family : handles_) {
    std::map<std::string, std::string> cf_stats;
    if (!db_->GetMapProperty(family, rocksdb::DB::Properties::kCFStats,
                             &cf_stats)) {
      return absl::InternalError("storage: RocksDB reports no cfstats");
    }
    MOTCUA_ASSIGN_OR_RETURN(const int64_t stops,
                            StallCount(cf_stats, "io_stalls.total_stop"));
    MOTCUA_ASSIGN_OR_RETURN(const int64_t slowdowns,
                            StallCount(cf_stats, "io_stalls.total_slowdown"));
    stats.write_stalls += stops + slowdowns;
  }
  return stats;
}

}  // namespace motcua::storage

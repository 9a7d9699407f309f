// Group commit with counter summing, internal to the RocksDB engine.
//
// RocksDB groups concurrent writes into one WAL sync by itself, but it still
// inserts every counter merge operand of every batch into the memtable: a
// dossier write carries about 27 counter rows, many of them the same hot rows
// (deployment, province, district) as its neighbours' writes, and profiles
// showed those inserts were about 40% of a desk-loaded server's CPU.
//
// Here writers queue their batches and wait; one committing thread takes the
// whole queue, writes it as one batch in which each counter row appears once,
// summed, and wakes the writers, while the next writers queue. That thread
// (copying, summing, RocksDB's write) is the write path's serial step.
// (Handing the lead from writer to writer instead cost most of a
// millisecond per group in wake-ups on two busy cores; writers
// folding their own batches into the group under its lock made the groups
// smaller and the whole slower.)
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "core/counters.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/write_observer.h"

namespace motcua::storage {

class GroupCommit {
 public:
  // `families` are the DB's column family handles (any order); counter rows
  // are merged into `counters`. `observer` (may be null) is told of each
  // group written. All must outlive this object.
  GroupCommit(rocksdb::DB* db, const rocksdb::WriteOptions& options,
              std::vector<rocksdb::ColumnFamilyHandle*> families,
              rocksdb::ColumnFamilyHandle* counters,
              WriteObserver* observer = nullptr);
  // Writes what is queued, then stops the committing thread. No Write may
  // start once destruction has begun.
  ~GroupCommit();
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  // Writes `batch` and adds each non-zero row of `counter_rows` to its stored
  // counter row, atomically and durably as the write options say, possibly in
  // one RocksDB write with other callers' batches. Returns when the write is
  // done; every caller of a group gets the group's status, and a failed group
  // wrote nothing. A batch with an operation the engine never writes (a range
  // delete, say) fails alone (Internal) and is not written. Callers must not
  // write the same record concurrently (their own locks see to it): within
  // a group, batches are applied in arrival
  // order and then the summed counter rows, so only a caller with no
  // concurrent writers may put a counter row (Verify's repair does).
  absl::Status Write(
      const rocksdb::WriteBatch& batch,
      const std::map<std::string, core::CounterRow>& counter_rows);

 private:
  struct Writer {
    Writer(const rocksdb::WriteBatch* b,
           const std::map<std::string, core::CounterRow>* rows)
        : batch(b), counter_rows(rows) {}
    const rocksdb::WriteBatch* batch;
    const std::map<std::string, core::CounterRow>* counter_rows;
    absl::Status status;
    bool done = false;
    std::condition_variable written;  // done became true
  };
  // A group stops growing at this many bytes so a huge import does not delay
  // small writes, nor a long queue make one huge write.
  static constexpr size_t kMaxGroupBytes = 4 << 20;

  // The committing thread: takes the queue as a group, writes it, wakes its
  // writers, and again until stopped.
  void Commit();
  // Writes `group`'s batches and their summed counter rows as one batch and
  // sets each writer's status.
  void WriteGroup(const std::vector<Writer*>& group);

  rocksdb::DB* const db_;
  const rocksdb::WriteOptions options_;
  std::map<uint32_t, rocksdb::ColumnFamilyHandle*> families_;  // by id
  rocksdb::ColumnFamilyHandle* const counters_;
  WriteObserver* const observer_;

  std::mutex mutex_;  // guards queue_, stopping_ and the writers' results
  std::condition_variable work_;  // the queue got its first writer
  std::deque<Writer*> queue_;     // writers not yet taken into a group
  bool stopping_ = false;
  std::thread committer_;
};

}  // namespace motcua::storage

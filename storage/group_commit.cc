#include "storage/group_commit.h"

#include <pthread.h>

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/counter_row_codec.h"
#include "storage/rocksdb_status.h"

namespace motcua::storage {
namespace {

// Copies a batch's operations into another batch.
class Copier : public rocksdb::WriteBatch::Handler {
 public:
  Copier(rocksdb::WriteBatch* into,
         const std::map<uint32_t, rocksdb::ColumnFamilyHandle*>& families)
      : into_(into), families_(families) {}

  rocksdb::Status PutCF(uint32_t id, const rocksdb::Slice& key,
                        const rocksdb::Slice& value) override {
    rocksdb::ColumnFamilyHandle* f = Family(id);
    return f == nullptr ? Unknown(id) : into_->Put(f, key, value);
  }
  rocksdb::Status DeleteCF(uint32_t id, const rocksdb::Slice& key) override {
    rocksdb::ColumnFamilyHandle* f = Family(id);
    return f == nullptr ? Unknown(id) : into_->Delete(f, key);
  }
  rocksdb::Status MergeCF(uint32_t id, const rocksdb::Slice& key,
                          const rocksdb::Slice& value) override {
    rocksdb::ColumnFamilyHandle* f = Family(id);
    return f == nullptr ? Unknown(id) : into_->Merge(f, key, value);
  }
  // Operations the engine never writes are refused, so the writer fails
  // alone: RocksDB's default handler would drop a single delete silently.
  rocksdb::Status SingleDeleteCF(uint32_t, const rocksdb::Slice&) override {
    return rocksdb::Status::NotSupported("single delete");
  }
  rocksdb::Status DeleteRangeCF(uint32_t, const rocksdb::Slice&,
                                const rocksdb::Slice&) override {
    return rocksdb::Status::NotSupported("range delete");
  }
  void LogData(const rocksdb::Slice& blob) override {
    into_->PutLogData(blob).PermitUncheckedError();
  }
  // Blobs, wide columns and transaction markers: the default handlers
  // refuse them.

 private:
  rocksdb::ColumnFamilyHandle* Family(uint32_t id) const {
    auto it = families_.find(id);
    return it == families_.end() ? nullptr : it->second;
  }
  static rocksdb::Status Unknown(uint32_t id) {
    return rocksdb::Status::InvalidArgument("unknown column family id " +
                                            std::to_string(id));
  }

  rocksdb::WriteBatch* into_;
  const std::map<uint32_t, rocksdb::ColumnFamilyHandle*>& families_;
};

}  // namespace

GroupCommit::GroupCommit(rocksdb::DB* db, const rocksdb::WriteOptions& options,
                         std::vector<rocksdb::ColumnFamilyHandle*> families,
                         rocksdb::ColumnFamilyHandle* counters,
                         WriteObserver* observer)
    : db_(db), options_(options), counters_(counters), observer_(observer) {
  for (rocksdb::ColumnFamilyHandle* f : families) families_[f->GetID()] = f;
  committer_ = std::thread([this] { Commit(); });
  // Named for top and perf: this thread's share of a core is the write
  // path's ceiling.
  pthread_setname_np(committer_.native_handle(), "motcua-commit");
}

GroupCommit::~GroupCommit() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  committer_.join();
}

absl::Status GroupCommit::Write(
    const rocksdb::WriteBatch& batch,
    const std::map<std::string, core::CounterRow>& counter_rows) {
  Writer self(&batch, &counter_rows);
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.push_back(&self);
  if (queue_.size() == 1) work_.notify_one();
  self.written.wait(lock, [&] { return self.done; });
  return self.status;
}

void GroupCommit::Commit() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    // Callers wait on every queued write: write them all before stopping.
    if (queue_.empty()) return;
    std::vector<Writer*> group;
    size_t bytes = 0;
    while (!queue_.empty()) {
      Writer* w = queue_.front();
      if (!group.empty() && bytes + w->batch->GetDataSize() > kMaxGroupBytes) {
        break;
      }
      group.push_back(w);
      bytes += w->batch->GetDataSize();
      queue_.pop_front();
    }
    lock.unlock();
    WriteGroup(group);
    lock.lock();
    for (Writer* w : group) {
      w->done = true;
      w->written.notify_one();
    }
  }
}

void GroupCommit::WriteGroup(const std::vector<Writer*>& group) {
  rocksdb::WriteBatch batch;
  Copier copier(&batch, families_);
  std::map<std::string, core::CounterRow> counter_rows;
  std::vector<Writer*> written;
  for (Writer* w : group) {
    batch.SetSavePoint();
    const rocksdb::Status copied = w->batch->Iterate(&copier);
    if (!copied.ok()) {
      // Only this writer fails: nothing of its batch stays in the group.
      batch.RollbackToSavePoint().PermitUncheckedError();
      w->status = absl::InternalError(
          absl::StrCat("storage: grouping a write: ", copied.ToString()));
      continue;
    }
    batch.PopSavePoint().PermitUncheckedError();
    for (const auto& [key, row] : *w->counter_rows) counter_rows[key] += row;
    written.push_back(w);
  }
  // After every other operation: see Write() on putting counter rows. Rows
  // that cancel out are not written; a missing row reads as zeros.
  for (const auto& [key, row] : counter_rows) {
    if (!row.IsZero()) batch.Merge(counters_, key, EncodeCounterRow(row));
  }
  if (written.empty()) return;
  const absl::Time start = absl::Now();
  const absl::Status status =
      FromRocksDb(db_->Write(options_, &batch), "writing");
  if (observer_ != nullptr && status.ok()) {
    observer_->GroupCommitted(static_cast<int>(written.size()),
                              batch.GetDataSize(), absl::Now() - start);
  }
  for (Writer* w : written) w->status = status;
}

}  // namespace motcua::storage

// The PostgreSQL engine's grouped writes (pg_store_impl.h): writes queue
// their arrays, and a committing thread stores the queued ones in one
// transaction, one motcua_write call whose counter rows are summed.
#include <pthread.h>

#include <iterator>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "storage/pg_store_impl.h"

namespace motcua::storage {
namespace {

template <typename T>
void Append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()),
            std::make_move_iterator(from.end()));
}

}  // namespace

void PgStore::WriteArrays::Add(WriteArrays&& o) {
  Append(new_codes, o.new_codes);
  Append(new_records, o.new_records);
  Append(new_versions, o.new_versions);
  Append(updated_codes, o.updated_codes);
  Append(updated_records, o.updated_records);
  Append(read_versions, o.read_versions);
  Append(updated_versions, o.updated_versions);
  Append(event_keys, o.event_keys);
  Append(event_values, o.event_values);
  Append(deleted_index_keys, o.deleted_index_keys);
  Append(index_keys, o.index_keys);
  Append(index_values, o.index_values);
  for (const auto& [key, row] : o.counter_rows) counter_rows[key] += row;
  Append(request_ids, o.request_ids);
  Append(request_ats, o.request_ats);
  Append(requests, o.requests);
  Append(stale_request_ids, o.stale_request_ids);
}

absl::Status PgStore::WriteAndCommit(PgConnection& connection,
                                     const WriteArrays& w, int slot,
                                     bool begin) {
  std::vector<std::string> counter_keys;
  std::vector<int64_t> counts;
  for (const auto& [key, row] : w.counter_rows) {
    if (row.IsZero()) continue;
    counter_keys.push_back(key);
    counts.insert(counts.end(), row.values.begin(), row.values.end());
  }
  std::vector<PgConnection::Statement> statements;
  if (begin) statements.push_back({"BEGIN", {}});
  statements.push_back(
      {"SELECT motcua_write($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, "
       "$12, $13, $14, $15, $16, $17, $18, $19, $20)",
       {w.settings_read,
        BinaryByteaArray(w.new_codes),
        BinaryByteaArray(w.new_records),
        BinaryInt64Array(w.new_versions),
        BinaryByteaArray(w.updated_codes),
        BinaryByteaArray(w.updated_records),
        BinaryInt64Array(w.read_versions),
        BinaryInt64Array(w.updated_versions),
        BinaryByteaArray(w.event_keys),
        BinaryByteaArray(w.event_values),
        BinaryByteaArray(w.deleted_index_keys),
        BinaryByteaArray(w.index_keys),
        BinaryByteaArray(w.index_values),
        BinaryByteaArray(counter_keys),
        BinaryInt16(static_cast<int16_t>(slot)),
        BinaryInt64Array(counts),
        BinaryByteaArray(w.request_ids),
        BinaryInt64Array(w.request_ats),
        BinaryByteaArray(w.requests),
        BinaryByteaArray(w.stale_request_ids)}});
  statements.push_back({"COMMIT", {}});
  return connection.Pipeline(statements).status();
}

absl::StatusOr<bool> PgStore::WriteGrouped(WriteArrays w) {
  Queued self(&w);
  std::unique_lock<std::mutex> lock(queue_mutex_);
  queue_.push_back(&self);
  if (queue_.size() == 1) work_.notify_one();
  self.committed.wait(lock, [&] { return self.done; });
  return self.written;
}

void PgStore::CommitGroups() {
  std::unique_ptr<PgConnection> connection;
  for (;;) {
    std::vector<Queued*> group;
    {
      std::unique_lock<std::mutex> lock(queue_mutex_);
      work_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      // Writers wait on every queued write: write them all before stopping.
      if (queue_.empty()) return;
      while (!queue_.empty() && group.size() < kMaxGroup) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    WriteGroup(connection, group);
    std::lock_guard<std::mutex> lock(queue_mutex_);
    for (Queued* q : group) {
      q->done = true;
      q->committed.notify_one();
    }
  }
}

void PgStore::WriteGroup(std::unique_ptr<PgConnection>& connection,
                         const std::vector<Queued*>& group) {
  // Writes that read other settings than the first (a PutSettings came
  // between) run alone.
  WriteArrays all;
  all.settings_read = group.front()->w->settings_read;
  std::vector<Queued*> members;
  for (Queued* q : group) {
    if (q->w->settings_read != all.settings_read) {
      q->written = false;
      continue;
    }
    all.Add(std::move(*q->w));
    members.push_back(q);
  }
  if (connection == nullptr || !connection->healthy()) {
    absl::StatusOr<std::unique_ptr<PgConnection>> fresh =
        PgConnection::Connect(conninfo_);
    if (!fresh.ok()) {
      for (Queued* q : members) q->written = fresh.status();
      return;
    }
    connection = *std::move(fresh);
  }
  // Past the pool's slots, and chosen by the connection's server process:
  // the committing threads of two servers rarely share a slot, so their
  // groups do not wait for each other's commit on the hot counter rows.
  const int slot = options_.connections + connection->backend_pid() % 64;
  const absl::Status status =
      WriteAndCommit(*connection, all, slot, /*begin=*/true);
  if (status.ok()) {
    for (Queued* q : members) q->written = true;
    return;
  }
  connection->Rollback();
  // A healthy connection answered the failure: the transaction was rolled
  // back, and each write runs again alone. A broken one may have committed
  // before it broke: the outcome is unknown.
  const bool rolled_back = connection->healthy();
  for (Queued* q : members) {
    q->written = rolled_back ? absl::StatusOr<bool>(false)
                             : absl::StatusOr<bool>(status);
  }
}

void PgStore::StartCommitters() {
  for (int i = 0; i < kCommitters; ++i) {
    committers_.emplace_back([this] { CommitGroups(); });
    // Named for top and perf.
    pthread_setname_np(committers_.back().native_handle(), "motcua-pgcommit");
  }
}

void PgStore::StopCommitters() {
  {
    std::lock_guard<std::mutex> lock(queue_mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  for (std::thread& t : committers_) t.join();
}

}  // namespace motcua::storage

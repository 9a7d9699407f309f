// The RocksDB engine: a whole store's dossiers read in code order, and
// histories restored as another store holds them (store_copy.h).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "storage/keys.h"
#include "storage/record_codec.h"
#include "storage/restored_history.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store_impl.h"

namespace motcua::storage {

absl::Status RocksDbStore::ScanDossiers(
    const std::string& after_code,
    const std::function<bool(const ImportedHistory&)>& visit) {
  const ScopedSnapshot scoped(db_.get());
  rocksdb::ReadOptions read;
  read.snapshot = scoped.get();
  // A whole-store pass: read ahead, and leave the block cache to the
  // server's working set.
  read.fill_cache = false;
  read.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> dossiers(
      db_->NewIterator(read, cf(kDossiers)));
  std::unique_ptr<rocksdb::Iterator> events(
      db_->NewIterator(read, cf(kEvents)));
  records::Dossier record;
  records::Event event;
  ImportedHistory history;
  dossiers->Seek(after_code);
  if (dossiers->Valid() && !after_code.empty() &&
      dossiers->key() == rocksdb::Slice(after_code)) {
    dossiers->Next();
  }
  for (; dossiers->Valid(); dossiers->Next()) {
    MOTCUA_RETURN_IF_ERROR(ParseInto(
        absl::string_view(dossiers->value().data(), dossiers->value().size()),
        "dossier", &record));
    history.dossier = FromRecord(record);
    history.events.clear();
    const std::string prefix = keys::EventPrefix(history.dossier.code);
    // Event keys sort as their codes do: the events iterator only moves
    // forward, and a seek to the next prefix is mostly within one block.
    for (events->Seek(prefix);
         events->Valid() &&
         absl::StartsWith(
             absl::string_view(events->key().data(), events->key().size()),
             prefix);
         events->Next()) {
      MOTCUA_RETURN_IF_ERROR(ParseInto(
          absl::string_view(events->value().data(), events->value().size()),
          "event", &event));
      history.events.push_back(FromRecord(event));
    }
    MOTCUA_RETURN_IF_ERROR(FromRocksDb(events->status(), "scanning events"));
    if (!visit(history)) return absl::OkStatus();
  }
  return FromRocksDb(dossiers->status(), "scanning dossiers");
}

absl::Status RocksDbStore::RestoreDossiers(
    std::vector<ImportedHistory> histories) {
  MOTCUA_RETURN_IF_ERROR(CheckRestoredHistories(histories));
  return WriteHistories(std::move(histories), Stamps::kKept);
}

}  // namespace motcua::storage

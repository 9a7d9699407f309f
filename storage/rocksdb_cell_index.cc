// The RocksDB engine: the cell index (the dossiers behind each report
// cell), its listing and its first build in an older store.
#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "storage/counted_listing.h"
#include "storage/keys.h"
#include "storage/layout.h"
#include "storage/paging.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store_impl.h"

namespace motcua::storage {
namespace {

constexpr size_t kBuildBatch = 2000;  // dossiers per write of BuildIndexes

}  // namespace

absl::StatusOr<CountedPage> RocksDbStore::ListCounted(const CountedQuery& q) {
  const ScopedSnapshot scoped(db_.get());
  const rocksdb::Snapshot* snapshot = scoped.get();
  return ListCountedFrom(q, granularity(), IndexCursorsAt(snapshot),
                         [this, snapshot](const std::vector<std::string>& c) {
                           return ReadDossiers(c, snapshot);
                         });
}

absl::Status RocksDbStore::BuildIndexes() {
  absl::StatusOr<std::string> marker =
      Get(kDefault, keys::IndexLayoutKey(), "index layout");
  bool open_steps_only = false;
  if (marker.ok()) {
    if (*marker == keys::kIndexLayoutOpenSteps) return absl::OkStatus();
    if (*marker != keys::kIndexLayoutCells) {
      return absl::FailedPreconditionError(
          absl::StrCat("the indexes have layout '", absl::CHexEscape(*marker),
                       "', which this version does not know"));
    }
    open_steps_only = true;
  } else if (!absl::IsNotFound(marker.status())) {
    return marker.status();
  }

  const core::Granularity g = granularity();
  rocksdb::WriteBatch batch;
  size_t in_batch = 0;
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(kDossiers)));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    MOTCUA_ASSIGN_OR_RETURN(
        const records::Dossier record,
        Parse<records::Dossier>(
            absl::string_view(it->value().data(), it->value().size()),
            "dossier"));
    const core::Dossier d = FromRecord(record);
    for (const auto& [key, value] : open_steps_only
                                        ? OpenStepIndexEntries(d)
                                        : DossierIndexEntries(d, g)) {
      batch.Put(cf(kIndexes), key, value);
    }
    if (++in_batch == kBuildBatch) {
      MOTCUA_RETURN_IF_ERROR(Write(&batch));
      batch.Clear();
      in_batch = 0;
    }
  }
  MOTCUA_RETURN_IF_ERROR(FromRocksDb(it->status(), "reading dossiers"));
  batch.Put(cf(kDefault), keys::IndexLayoutKey(),
            std::string(keys::kIndexLayoutOpenSteps));
  return Write(&batch);
}

}  // namespace motcua::storage

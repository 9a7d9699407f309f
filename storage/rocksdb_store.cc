// The RocksDB engine: opening, settings, calendar and catalogue. Dossiers
// are in rocksdb_dossiers.cc, counters and Verify in rocksdb_counters.cc,
// backups in rocksdb_backup.cc.
#include "storage/rocksdb_store.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "rocksdb/cache.h"
#include "rocksdb/compaction_filter.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/slice_transform.h"
#include "rocksdb/table.h"
#include "storage/catalogue_versions.h"
#include "storage/counter_merge_operator.h"
#include "storage/keys.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store_impl.h"
#include "storage/sequence_merge_operator.h"

namespace motcua::storage {
namespace {

// In Family order; "default" is RocksDB's kDefaultColumnFamilyName.
constexpr const char* kFamilyNames[] = {"default", "catalogue", "dossiers",
                                        "events",  "indexes",   "counters",
                                        "requests"};

// Drops applied request ids older than the retention period.
class ExpiredRequestFilter : public rocksdb::CompactionFilter {
 public:
  ExpiredRequestFilter(std::function<absl::Time()> clock,
                       absl::Duration retention)
      : clock_(std::move(clock)), retention_(retention) {}

  bool Filter(int /*level*/, const rocksdb::Slice& /*key*/,
              const rocksdb::Slice& value, std::string* /*new_value*/,
              bool* /*value_changed*/) const override {
    records::AppliedRequest applied;
    if (!applied.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
      return false;  // keep what cannot be read; Verify reports nothing here
    }
    return absl::FromUnixMicros(applied.applied_at()) < clock_() - retention_;
  }

  const char* Name() const override { return "motcua.ExpiredRequests.v1"; }

 private:
  std::function<absl::Time()> clock_;
  absl::Duration retention_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Store>> OpenRocksDbStore(
    const std::string& directory, const RocksDbStoreOptions& options) {
  return RocksDbStore::Open(directory, options);
}

RocksDbStore::RocksDbStore(const RocksDbStoreOptions& options)
    : options_(options) {
  write_options_.sync = options.sync_writes;
  write_options_.disableWAL = false;
}

RocksDbStore::~RocksDbStore() {
  if (db_ == nullptr) return;
  commits_.reset();
  db_->FlushWAL(/*sync=*/true).PermitUncheckedError();
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    db_->DestroyColumnFamilyHandle(h).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

absl::StatusOr<std::unique_ptr<Store>> RocksDbStore::Open(
    const std::string& directory, const RocksDbStoreOptions& options) {
  std::unique_ptr<RocksDbStore> store(new RocksDbStore(options));
  store->directory_ = directory;
  // Owned by the store, which outlives the DB it closes.
  store->request_filter_ = std::make_unique<ExpiredRequestFilter>(
      options.clock, options.request_id_retention);

  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;

  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.max_background_jobs = options.background_threads;
  db_options.bytes_per_sync = 1 << 20;

  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (int f = 0; f < kFamilyCount; ++f) {
    rocksdb::ColumnFamilyOptions cf_options;
    cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
    cf_options.compression = rocksdb::kLZ4Compression;
    if (f == kCounters) {
      cf_options.merge_operator = NewCounterMergeOperator();
      // GroupCommit sums a group's rows, so a hot row (a province's month)
      // takes one operand per group, not per write. Folding while writing
      // (max_successive_merges = 8) cost a memtable seek per operand: 12% of
      // the desk write rate. The price is paid by reads: a read folds the
      // row's operands still in memtables, a few hundred under heavy load
      // (large groups) but up to some thousands under light load (groups of
      // one), where the 8 MB memtable is the bound.
      cf_options.max_successive_merges = 0;
      cf_options.write_buffer_size = 8 << 20;
      // A group's rows arrive sorted; with a hint per scope kind (the key's
      // first byte) each insert starts its skip-list search where the
      // previous one of that kind ended, instead of from the top.
      cf_options.memtable_insert_with_hint_prefix_extractor.reset(
          rocksdb::NewFixedPrefixTransform(1));
    }
    if (f == kDefault)
      cf_options.merge_operator = NewHighestNumberMergeOperator();
    if (f == kRequests) {
      cf_options.compaction_filter = store->request_filter_.get();
    }
    families.emplace_back(kFamilyNames[f], cf_options);
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, directory, families,
                                        &store->handles_, &raw);
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("opening ", directory));
  store->db_.reset(raw);
  store->commits_ = std::make_unique<GroupCommit>(
      raw, store->write_options_, store->handles_, store->cf(kCounters),
      options.write_observer);

  absl::StatusOr<std::string> settings =
      store->Get(kDefault, keys::SettingsKey(), "settings");
  if (settings.ok()) {
    MOTCUA_ASSIGN_OR_RETURN(const records::Settings record,
                            Parse<records::Settings>(*settings, "settings"));
    MOTCUA_ASSIGN_OR_RETURN(core::Settings parsed, FromRecord(record));
    absl::MutexLock lock(&store->settings_mutex_);
    store->settings_ = std::move(parsed);
  } else if (!absl::IsNotFound(settings.status())) {
    return settings.status();
  }
  MOTCUA_RETURN_IF_ERROR(store->MigrateCounterLayout());
  MOTCUA_RETURN_IF_ERROR(store->BuildIndexes());
  return std::unique_ptr<Store>(std::move(store));
}

absl::StatusOr<std::string> RocksDbStore::Get(
    Family f, const std::string& key, absl::string_view what,
    const rocksdb::Snapshot* snapshot) {
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  std::string value;
  rocksdb::Status s = db_->Get(read, cf(f), key, &value);
  if (s.IsNotFound()) {
    return absl::NotFoundError(absl::StrCat(what, " not found"));
  }
  if (!s.ok()) return FromRocksDb(s, absl::StrCat("reading ", what));
  return value;
}

absl::Status RocksDbStore::Write(
    rocksdb::WriteBatch* batch,
    const std::map<std::string, core::CounterRow>& counter_rows) {
  return commits_->Write(*batch, counter_rows);
}

absl::Status RocksDbStore::ScanPrefix(
    Family f, const std::string& prefix,
    const std::function<absl::Status(absl::string_view, absl::string_view)>&
        visit,
    const rocksdb::Snapshot* snapshot) {
  const std::string end = keys::PrefixEnd(prefix);
  rocksdb::Slice upper(end);
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  if (!end.empty()) read.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, cf(f)));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    MOTCUA_RETURN_IF_ERROR(
        visit(absl::string_view(it->key().data(), it->key().size()),
              absl::string_view(it->value().data(), it->value().size())));
  }
  return FromRocksDb(it->status(), "scanning");
}

namespace {

// A KeyCursor over one column family's [lower, upper).
class RocksDbCursor : public KeyCursor {
 public:
  RocksDbCursor(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                const rocksdb::Snapshot* snapshot, std::string lower,
                std::string upper, bool reverse)
      : lower_(std::move(lower)),
        upper_(std::move(upper)),
        lower_slice_(lower_),
        upper_slice_(upper_),
        reverse_(reverse) {
    rocksdb::ReadOptions read;
    read.snapshot = snapshot;
    read.iterate_lower_bound = &lower_slice_;
    if (!upper_.empty()) read.iterate_upper_bound = &upper_slice_;
    it_.reset(db->NewIterator(read, cf));
  }

  void Start(absl::string_view after) override {
    const rocksdb::Slice key(after.data(), after.size());
    if (after.empty()) {
      reverse_ ? it_->SeekToLast() : it_->SeekToFirst();
    } else if (reverse_) {
      it_->SeekForPrev(key);
      if (it_->Valid() && it_->key() == key) it_->Prev();
    } else {
      it_->Seek(key);
      if (it_->Valid() && it_->key() == key) it_->Next();
    }
  }
  bool Valid() const override { return it_->Valid(); }
  absl::string_view key() const override {
    return absl::string_view(it_->key().data(), it_->key().size());
  }
  absl::string_view value() const override {
    return absl::string_view(it_->value().data(), it_->value().size());
  }
  void Next() override { reverse_ ? it_->Prev() : it_->Next(); }
  absl::Status status() const override {
    return FromRocksDb(it_->status(), "reading the indexes");
  }

 private:
  std::string lower_, upper_;
  rocksdb::Slice lower_slice_, upper_slice_;
  bool reverse_;
  std::unique_ptr<rocksdb::Iterator> it_;
};

}  // namespace

IndexCursors RocksDbStore::IndexCursorsAt(const rocksdb::Snapshot* snapshot) {
  return [this, snapshot](std::string lower, std::string upper, bool reverse) {
    return std::unique_ptr<KeyCursor>(
        new RocksDbCursor(db_.get(), cf(kIndexes), snapshot, std::move(lower),
                          std::move(upper), reverse));
  };
}

// ---- Settings and calendar ----

absl::StatusOr<core::Settings> RocksDbStore::GetSettings() {
  absl::MutexLock lock(&settings_mutex_);
  return settings_;
}

core::Granularity RocksDbStore::granularity() {
  absl::MutexLock lock(&settings_mutex_);
  return settings_.rules.granularity;
}

absl::Status RocksDbStore::PutSettings(const core::Settings& settings) {
  if (settings.rules.supplement != core::SupplementRule::kPause &&
      settings.rules.supplement != core::SupplementRule::kRestart) {
    return absl::InvalidArgumentError(
        "settings.rules.supplement must be PAUSE or RESTART");
  }
  if (settings.rules.granularity != core::Granularity::kDate &&
      settings.rules.granularity != core::Granularity::kInstant) {
    return absl::InvalidArgumentError(
        "settings.rules.granularity must be DATE or INSTANT");
  }
  // Held exclusively: no dossier write may count under the old granularity
  // after the check below.
  absl::MutexLock writers(&writers_);
  absl::MutexLock lock(&settings_mutex_);
  if (settings.rules.granularity != settings_.rules.granularity) {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), cf(kDossiers)));
    it->SeekToFirst();
    if (it->Valid()) {
      return absl::FailedPreconditionError(
          "the DATE/INSTANT granularity cannot change once dossiers are "
          "stored: their counters were made under the current one");
    }
  }
  rocksdb::WriteBatch batch;
  batch.Put(cf(kDefault), keys::SettingsKey(), Serialize(ToRecord(settings)));
  absl::Status s = Write(&batch);
  if (s.ok()) settings_ = settings;
  return s;
}

absl::Status RocksDbStore::PutCalendarYear(const core::CalendarYear& year) {
  MOTCUA_RETURN_IF_ERROR(core::ValidateCalendarYear(year));
  rocksdb::WriteBatch batch;
  batch.Put(cf(kDefault), keys::CalendarYearKey(year.year),
            core::FormatCalendarYear(year));
  return Write(&batch);
}

absl::StatusOr<std::vector<core::CalendarYear>>
RocksDbStore::ListCalendarYears() {
  std::vector<core::CalendarYear> years;
  MOTCUA_RETURN_IF_ERROR(ScanPrefix(
      kDefault, keys::CalendarPrefix(),
      [&](absl::string_view, absl::string_view value) {
        absl::StatusOr<core::CalendarYear> year =
            core::ParseCalendarYear(value);
        if (!year.ok()) {
          return absl::DataLossError(absl::StrCat(
              "stored calendar year is unreadable: ", year.status().message()));
        }
        years.push_back(*std::move(year));
        return absl::OkStatus();
      }));
  return years;
}

// ---- Catalogue ----

CatalogueScan RocksDbStore::CatalogueScanner() {
  return [this](const std::string& prefix,
                const std::function<absl::Status(absl::string_view)>& visit) {
    return ScanPrefix(kCatalogue, prefix,
                      [&](absl::string_view, absl::string_view value) {
                        return visit(value);
                      });
  };
}

template <typename Entry, typename Record>
absl::StatusOr<Entry> RocksDbStore::GetVersion(char kind,
                                               const std::string& code,
                                               absl::CivilDay as_of,
                                               absl::string_view what) {
  return CatalogueVersionOn<Entry, Record>(
      CatalogueScanner(), static_cast<keys::CatalogueKind>(kind), code, as_of,
      what);
}

template <typename Entry, typename Record>
absl::StatusOr<std::vector<Entry>> RocksDbStore::ListVersions(
    char kind, std::optional<absl::CivilDay> as_of, absl::string_view what) {
  return CatalogueVersions<Entry, Record>(
      CatalogueScanner(), static_cast<keys::CatalogueKind>(kind), as_of, what);
}

absl::Status RocksDbStore::PutUnit(const core::Unit& unit) {
  MOTCUA_RETURN_IF_ERROR(core::ValidateUnit(unit));
  rocksdb::WriteBatch batch;
  batch.Put(cf(kCatalogue), CatalogueKeyOf(keys::CatalogueKind::kUnit, unit),
            Serialize(ToRecord(unit)));
  return Write(&batch);
}

absl::StatusOr<core::Unit> RocksDbStore::GetUnit(const std::string& code,
                                                 absl::CivilDay as_of) {
  return GetVersion<core::Unit, records::Unit>(
      static_cast<char>(keys::CatalogueKind::kUnit), code, as_of, "unit");
}

absl::StatusOr<std::vector<core::Unit>> RocksDbStore::ListUnits(
    std::optional<absl::CivilDay> as_of) {
  return ListVersions<core::Unit, records::Unit>(
      static_cast<char>(keys::CatalogueKind::kUnit), as_of, "unit");
}

absl::Status RocksDbStore::PutAgency(const core::Agency& agency) {
  MOTCUA_RETURN_IF_ERROR(core::ValidateAgency(agency));
  rocksdb::WriteBatch batch;
  batch.Put(cf(kCatalogue),
            CatalogueKeyOf(keys::CatalogueKind::kAgency, agency),
            Serialize(ToRecord(agency)));
  return Write(&batch);
}

absl::StatusOr<core::Agency> RocksDbStore::GetAgency(const std::string& code,
                                                     absl::CivilDay as_of) {
  return GetVersion<core::Agency, records::Agency>(
      static_cast<char>(keys::CatalogueKind::kAgency), code, as_of, "agency");
}

absl::StatusOr<std::vector<core::Agency>> RocksDbStore::ListAgencies(
    std::optional<absl::CivilDay> as_of) {
  return ListVersions<core::Agency, records::Agency>(
      static_cast<char>(keys::CatalogueKind::kAgency), as_of, "agency");
}

absl::Status RocksDbStore::PutField(const core::Field& field) {
  MOTCUA_RETURN_IF_ERROR(core::ValidateField(field));
  rocksdb::WriteBatch batch;
  batch.Put(cf(kCatalogue), CatalogueKeyOf(keys::CatalogueKind::kField, field),
            Serialize(ToRecord(field)));
  return Write(&batch);
}

absl::StatusOr<core::Field> RocksDbStore::GetField(const std::string& code) {
  return GetVersion<core::Field, records::Field>(
      static_cast<char>(keys::CatalogueKind::kField), code,
      absl::CivilDay(1970, 1, 1), "field");
}

absl::StatusOr<std::vector<core::Field>> RocksDbStore::ListFields() {
  return ListVersions<core::Field, records::Field>(
      static_cast<char>(keys::CatalogueKind::kField), std::nullopt, "field");
}

absl::Status RocksDbStore::PutProcedure(const core::Procedure& procedure) {
  MOTCUA_RETURN_IF_ERROR(core::ValidateProcedure(procedure));
  rocksdb::WriteBatch batch;
  batch.Put(cf(kCatalogue),
            CatalogueKeyOf(keys::CatalogueKind::kProcedure, procedure),
            Serialize(ToRecord(procedure)));
  return Write(&batch);
}

absl::StatusOr<core::Procedure> RocksDbStore::GetProcedure(
    const std::string& code, absl::CivilDay as_of) {
  return GetVersion<core::Procedure, records::Procedure>(
      static_cast<char>(keys::CatalogueKind::kProcedure), code, as_of,
      "procedure");
}

absl::StatusOr<std::vector<core::Procedure>> RocksDbStore::ListProcedures(
    std::optional<absl::CivilDay> as_of) {
  return ListVersions<core::Procedure, records::Procedure>(
      static_cast<char>(keys::CatalogueKind::kProcedure), as_of, "procedure");
}

}  // namespace motcua::storage

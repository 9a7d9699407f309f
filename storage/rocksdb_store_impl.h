// The RocksDB engine's class. Internal to storage/: users include
// rocksdb_store.h and see only the Store interface.
//
// Column families: "default" (settings, calendar, dossier-code sequences),
// "catalogue", "dossiers" (code -> record), "events" (code, sequence ->
// event), "indexes" (keys only), "counters" (merge operator adding rows),
// "requests" (request id -> first result; expired by a compaction filter).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/compaction_filter.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/absent_request_ids.h"
#include "storage/catalogue_versions.h"
#include "storage/group_commit.h"
#include "storage/key_cursor.h"
#include "storage/numbers_in_flight.h"
#include "storage/records.pb.h"
#include "storage/rocksdb_store.h"
#include "storage/striped_lock.h"

namespace motcua::storage {

// A snapshot of `db`, released when this goes out of scope.
class ScopedSnapshot {
 public:
  explicit ScopedSnapshot(rocksdb::DB* db)
      : db_(db), snapshot_(db->GetSnapshot()) {}
  ~ScopedSnapshot() { db_->ReleaseSnapshot(snapshot_); }
  ScopedSnapshot(const ScopedSnapshot&) = delete;
  ScopedSnapshot& operator=(const ScopedSnapshot&) = delete;
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

class RocksDbStore : public Store {
 public:
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const std::string& directory, const RocksDbStoreOptions& options);
  ~RocksDbStore() override;

  absl::StatusOr<core::Settings> GetSettings() override;
  absl::Status PutSettings(const core::Settings& settings) override;
  absl::Status PutCalendarYear(const core::CalendarYear& year) override;
  absl::StatusOr<std::vector<core::CalendarYear>> ListCalendarYears() override;

  absl::Status PutToken(const StoredToken& token) override;
  absl::StatusOr<StoredToken> FindTokenByHash(
      const std::string& secret_hash) override;
  absl::StatusOr<std::vector<StoredToken>> ListTokens() override;
  absl::StatusOr<StoredToken> RevokeToken(const std::string& id,
                                          absl::Time at) override;

  absl::Status PutUnit(const core::Unit& unit) override;
  absl::StatusOr<core::Unit> GetUnit(const std::string& code,
                                     absl::CivilDay as_of) override;
  absl::StatusOr<std::vector<core::Unit>> ListUnits(
      std::optional<absl::CivilDay> as_of) override;
  absl::Status PutAgency(const core::Agency& agency) override;
  absl::StatusOr<core::Agency> GetAgency(const std::string& code,
                                         absl::CivilDay as_of) override;
  absl::StatusOr<std::vector<core::Agency>> ListAgencies(
      std::optional<absl::CivilDay> as_of) override;
  absl::Status PutField(const core::Field& field) override;
  absl::StatusOr<core::Field> GetField(const std::string& code) override;
  absl::StatusOr<std::vector<core::Field>> ListFields() override;
  absl::Status PutProcedure(const core::Procedure& procedure) override;
  absl::StatusOr<core::Procedure> GetProcedure(const std::string& code,
                                               absl::CivilDay as_of) override;
  absl::StatusOr<std::vector<core::Procedure>> ListProcedures(
      std::optional<absl::CivilDay> as_of) override;

  absl::StatusOr<DossierWrite> CreateDossier(
      const std::string& agency_code, absl::CivilDay day,
      const RequestKey& request,
      const std::function<absl::StatusOr<core::DossierChange>(
          const std::string&)>& create) override;
  absl::StatusOr<DossierWrite> ImportDossier(
      const std::string& code, const RequestKey& request,
      const std::function<absl::StatusOr<ImportedHistory>()>& build) override;
  absl::Status ImportDossiers(std::vector<ImportedHistory> histories) override;
  absl::Status RestoreDossiers(
      std::vector<ImportedHistory> histories) override;  // rocksdb_copy.cc
  absl::StatusOr<DossierWrite> UpdateDossier(
      const std::string& code, const RequestKey& request,
      const std::function<absl::StatusOr<core::DossierChange>(
          const core::Dossier&)>& mutate) override;
  absl::StatusOr<std::optional<DossierWrite>> FindAppliedRequest(
      const RequestKey& request) override;
  absl::StatusOr<core::Dossier> GetDossier(const std::string& code) override;
  absl::StatusOr<std::vector<core::DossierEvent>> GetHistory(
      const std::string& code) override;
  absl::StatusOr<DossierPage> ListDossiers(const DossierQuery& query) override;
  absl::Status ScanReceived(
      const core::Scope& scope, absl::CivilDay first, absl::CivilDay last,
      const std::function<bool(const core::Dossier&)>& visit) override;

  absl::Status ScanDossiers(const std::string& after_code,
                            const std::function<bool(const ImportedHistory&)>&
                                visit) override;  // rocksdb_copy.cc
  absl::StatusOr<CountedPage> ListCounted(const CountedQuery& query) override;

  absl::StatusOr<core::CounterRow> SumCounters(
      const core::Scope& scope, core::Dimension dimension,
      const std::string& dimension_code, absl::CivilDay first,
      absl::CivilDay last) override;
  absl::StatusOr<std::map<std::string, core::CounterRow>>
  SumCountersByDimension(const core::Scope& scope, core::Dimension dimension,
                         absl::CivilDay first, absl::CivilDay last) override;

  absl::StatusOr<VerifyReport> Verify(bool repair) override;
  absl::StatusOr<EngineStats> GetEngineStats() override;

  absl::StatusOr<NewBackup> Backup(const std::string& folder) override;
  absl::StatusOr<std::vector<BackupInfo>> ListBackups(
      const std::string& folder) override;
  absl::StatusOr<PrunedBackups> PruneBackups(const std::string& folder,
                                             int keep) override;

 private:
  enum Family {
    kDefault,
    kCatalogue,
    kDossiers,
    kEvents,
    kIndexes,
    kCounters,
    kRequests,
    kFamilyCount
  };

  explicit RocksDbStore(const RocksDbStoreOptions& options);

  rocksdb::ColumnFamilyHandle* cf(Family f) const { return handles_[f]; }
  // Reads one key; NotFound (with `what` in the message) when absent.
  absl::StatusOr<std::string> Get(Family f, const std::string& key,
                                  absl::string_view what,
                                  const rocksdb::Snapshot* snapshot = nullptr);
  // Writes `batch` and adds each non-zero row of `counter_rows` to its
  // stored counter row, at once, grouped with concurrent writes (GroupCommit).
  absl::Status Write(
      rocksdb::WriteBatch* batch,
      const std::map<std::string, core::CounterRow>& counter_rows = {});
  absl::StatusOr<core::Dossier> ReadDossier(
      const std::string& code, const rocksdb::Snapshot* snapshot = nullptr);
  // The dossiers of `codes`, in their order, read with one MultiGet (which
  // sorts the keys and reads each block once). DataLoss when one is missing:
  // only index entries name codes here.
  absl::StatusOr<std::vector<core::Dossier>> ReadDossiers(
      const std::vector<std::string>& codes,
      const rocksdb::Snapshot* snapshot = nullptr);
  // Cursors over the indexes family at `snapshot` (null: each cursor reads
  // the store as it is when opened), for the shared listings.
  IndexCursors IndexCursorsAt(const rocksdb::Snapshot* snapshot);
  // Calls `visit` with each value whose key starts with `prefix`.
  absl::Status ScanPrefix(
      Family f, const std::string& prefix,
      const std::function<absl::Status(absl::string_view key,
                                       absl::string_view value)>& visit,
      const rocksdb::Snapshot* snapshot = nullptr);

  // The catalogue family as catalogue_versions.h scans it.
  CatalogueScan CatalogueScanner();
  // Catalogue helpers shared by the versioned kinds.
  template <typename Entry, typename Record>
  absl::StatusOr<Entry> GetVersion(char kind, const std::string& code,
                                   absl::CivilDay as_of,
                                   absl::string_view what);
  template <typename Entry, typename Record>
  absl::StatusOr<std::vector<Entry>> ListVersions(
      char kind, std::optional<absl::CivilDay> as_of, absl::string_view what);

  // Checks `request`'s id under its lock (held by the caller): the first
  // write's result when the id was already applied (then nothing is to be
  // written), nullopt when it was not. An id applied to another dossier
  // (`target_code`, empty for a creation) or agency is AlreadyExists,
  // whatever the fingerprint. The id is not read again when the caller's
  // FindAppliedRequest found it absent and no write with an id of its slot
  // has committed since (AbsentRequestIds).
  absl::StatusOr<std::optional<DossierWrite>> BeginRequest(
      const RequestKey& request, absl::string_view target_code,
      absl::string_view target_agency)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(request_locks_);
  // The ids to lock for `request`: its id, or none when it has none.
  static std::vector<std::string> RequestLockKeys(const RequestKey& request);
  // The record of the write that applied `request`'s id, unless none did
  // or it expired; AlreadyExists for another fingerprint.
  absl::StatusOr<std::optional<records::AppliedRequest>> ReadAppliedRequest(
      const RequestKey& request);
  // What a retry of `applied` is answered: the dossier and event it wrote.
  absl::StatusOr<DossierWrite> ReplayOf(const records::AppliedRequest& applied);
  // The last number handed out by a sequence key; 0 when none was.
  absl::StatusOr<int64_t> ReadSequence(const std::string& key);
  // Writes `dossier` after `events` (appended to `before`'s history), its
  // index and counter changes and the request id, in `batch` at once.
  absl::StatusOr<DossierWrite> Commit(const core::Dossier* before,
                                      core::Dossier dossier,
                                      std::vector<core::DossierEvent> events,
                                      const RequestKey& request,
                                      rocksdb::WriteBatch* batch)
      ABSL_SHARED_LOCKS_REQUIRED(writers_)
          ABSL_EXCLUSIVE_LOCKS_REQUIRED(request_locks_, dossier_locks_);
  // How AppendDossier numbers and dates the events it writes: after
  // `before`'s version and now (every write), or as given (a restore, whose
  // caller checked them; the version is then the last event's).
  enum class Stamps { kNow, kKept };
  // Puts `events` (numbered after `before`'s version, stamped now), the
  // record `d` (its version set) and its index changes in `batch`, and adds
  // its counter changes to `counter_rows`. Returns the record as stored.
  // Counters follow the granularity, which PutSettings changes only with
  // writers_ held exclusively.
  records::Dossier AppendDossier(
      const core::Dossier* before, core::Dossier& d,
      std::vector<core::DossierEvent>& events, rocksdb::WriteBatch* batch,
      std::map<std::string, core::CounterRow>* counter_rows,
      Stamps stamps = Stamps::kNow) ABSL_SHARED_LOCKS_REQUIRED(writers_)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(dossier_locks_);
  // ImportDossiers and RestoreDossiers (rocksdb_copy.cc): new histories in
  // one write, stamped as `stamps` says.
  absl::Status WriteHistories(std::vector<ImportedHistory> histories,
                              Stamps stamps);
  core::Granularity granularity() ABSL_LOCKS_EXCLUDED(settings_mutex_);
  // Verify's recount and comparison over one snapshot; repairs when
  // `repair` (the caller then holds writers_ exclusively).
  absl::StatusOr<VerifyReport> CheckAgainstRecount(bool repair);
  // Brings the counters of a store written by an earlier version to the
  // current layout (keys::kCounterLayoutDayMonth), in one write with the
  // layout marker; does nothing once the marker says so. A store without
  // month rows gets them, each the sum of its day rows. Year rows (written
  // before years were summed from months) are deleted: reads never look at
  // them, so they could not be counted twice, but they would stay
  // differences for Verify until a repair. Deleting them once on open keeps
  // Verify clean without a repair, at the cost of one pass over the
  // counters' keys (it seeks past day and month rows). Runs on open, before
  // any writer.
  absl::Status MigrateCounterLayout();
  // Brings the indexes of a store written before the cell index or the
  // open-step index to the current layout, from every stored dossier, and
  // marks them built (keys::IndexLayoutKey): every entry when there is no
  // marker, the open-step entries alone after the cell index. Does nothing
  // once current. Runs on open, before any writer: one pass over the
  // dossiers, written in batches (a crash midway redoes the pass: puts of
  // entries already there change nothing).
  absl::Status BuildIndexes();

  const RocksDbStoreOptions options_;
  std::string directory_;  // the store's folder, as opened
  std::unique_ptr<rocksdb::CompactionFilter> request_filter_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::WriteOptions write_options_;
  std::unique_ptr<GroupCommit> commits_;  // every write goes through it

  // The lock order, checked by clang (-Wthread-safety -Wthread-safety-beta
  // warn when a lock is taken while holding one that comes after it):
  //   writers_ -> request_locks_ -> sequence_locks_ -> dossier_locks_
  //     -> settings_mutex_ (NumbersInFlight's own mutex is a leaf)
  // Writers hold writers_ shared; Verify(repair) and PutSettings exclusive.
  absl::Mutex writers_;
  StripedLock request_locks_ ABSL_ACQUIRED_AFTER(writers_);
  StripedLock sequence_locks_ ABSL_ACQUIRED_AFTER(request_locks_);
  StripedLock dossier_locks_ ABSL_ACQUIRED_AFTER(sequence_locks_);

  // Numbers of sequence keys handed out to writes still in flight: a new
  // dossier takes its number under the sequence's lock but writes after
  // letting it go, so that the receives of one agency and day wait for the
  // log sync together instead of one after another.
  NumbersInFlight numbers_in_flight_;

  absl::Mutex settings_mutex_ ABSL_ACQUIRED_AFTER(dossier_locks_);
  core::Settings settings_ ABSL_GUARDED_BY(settings_mutex_);

  // Serialises token writes (few, rare); taken with no other lock held.
  absl::Mutex tokens_mutex_;
  // Serialises the backup calls: RocksDB's backup engine must not be used
  // on one folder by two at once. Taken with no other lock held; backups
  // take none of the locks above, so writes go on meanwhile.
  absl::Mutex backup_mutex_;

  AbsentRequestIds absent_request_ids_;
};

}  // namespace motcua::storage

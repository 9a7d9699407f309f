// The PostgreSQL engine's class. Internal to storage/: users include
// pg_store.h and see only the Store interface. Tables: pg_schema.cc.
//
// How dossier writes are serialised, across every server on the database.
// Creations and updates are grouped: each reads what it needs without a
// transaction (holding, within this server, striped locks on its dossier
// code and request id until it is written), computes its change, and
// queues it; a committing thread stores the queued writes in ONE
// transaction (one motcua_write call with their arrays concatenated and
// their counter deltas summed, one COMMIT). That transaction checks what
// each write read: an updated dossier is still at the version read (row
// locks in code order), a new code and a request id are unique keys, the
// settings unchanged. On any conflict (another server won a race) nothing
// of the group is written and each of its writes runs again alone, in a
// transaction that first locks its dossier's row FOR UPDATE, and is rolled
// back and run again when it loses a race (the same request id or a code
// inserted by another one, a deadlock), so it then sees the winner's write.
// Imports run alone.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "storage/catalogue_versions.h"
#include "storage/key_cursor.h"
#include "storage/numbers_in_flight.h"
#include "storage/pg_connection.h"
#include "storage/pg_store.h"
#include "storage/records.pb.h"
#include "storage/striped_lock.h"

namespace motcua::storage {

class PgStore : public Store {
 public:
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const std::string& conninfo, const PostgresStoreOptions& options);
  // Writes what is queued, then stops the committing and folding threads.
  ~PgStore() override;

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
      std::vector<ImportedHistory> histories) override;  // pg_copy.cc
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
                                visit) override;  // pg_copy.cc
  absl::StatusOr<CountedPage> ListCounted(const CountedQuery& query) override;

  absl::StatusOr<core::CounterRow> SumCounters(
      const core::Scope& scope, core::Dimension dimension,
      const std::string& dimension_code, absl::CivilDay first,
      absl::CivilDay last) override;
  absl::StatusOr<std::map<std::string, core::CounterRow>>
  SumCountersByDimension(const core::Scope& scope, core::Dimension dimension,
                         absl::CivilDay first, absl::CivilDay last) override;
  // One statement for all the ranges.
  absl::StatusOr<std::vector<core::CounterRow>> SumCounterRanges(
      const core::Scope& scope, core::Dimension dimension,
      const std::string& dimension_code,
      const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges)
      override;
  absl::StatusOr<std::vector<std::map<std::string, core::CounterRow>>>
  SumCounterRangesByDimension(
      const core::Scope& scope, core::Dimension dimension,
      const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges)
      override;

  absl::StatusOr<VerifyReport> Verify(bool repair) override;
  absl::StatusOr<EngineStats> GetEngineStats() override;
  absl::Status CheckWritable() override;
  absl::Status FinishBulkLoad() override;

  // Backups of a PostgreSQL store are PostgreSQL's own (pg_basebackup,
  // WAL archiving, a Patroni standby): these answer Unimplemented.
  absl::StatusOr<NewBackup> Backup(const std::string& folder) override;
  absl::StatusOr<std::vector<BackupInfo>> ListBackups(
      const std::string& folder) override;
  absl::StatusOr<PrunedBackups> PruneBackups(const std::string& folder,
                                             int keep) override;

  // A pooled connection, given back when destroyed (dropped if broken).
  class Lease {
   public:
    Lease(PgStore* store, std::unique_ptr<PgConnection> connection, int slot)
        : store_(store), connection_(std::move(connection)), slot_(slot) {}
    ~Lease();
    Lease(Lease&& other) noexcept
        : store_(std::exchange(other.store_, nullptr)),
          connection_(std::move(other.connection_)),
          slot_(other.slot_) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    PgConnection& operator*() const { return *connection_; }
    PgConnection* operator->() const { return connection_.get(); }
    // The counter slot this connection writes to.
    int slot() const { return slot_; }

   private:
    friend class PgStore;
    PgStore* store_;
    std::unique_ptr<PgConnection> connection_;
    int slot_;
  };
  // Waits for a free connection, reconnecting a dropped one.
  absl::StatusOr<Lease> Acquire();

 private:
  PgStore(std::string conninfo, const PostgresStoreOptions& options);

  // Runs `body` in a transaction it opens itself (its first statement is
  // BEGIN) and commits; rolls back when it fails and runs it again, up to a
  // few times, when the failure is a lost race (IsRetryable). `body` may
  // run more than once: it must start from the database each time.
  template <typename T>
  absl::StatusOr<T> Transact(
      const std::function<absl::StatusOr<T>(PgConnection&, int slot)>& body);

  // Catalogue, calendar and settings entries: the meta and catalogue tables.
  absl::Status PutKeyValue(absl::string_view table, const std::string& key,
                           const std::string& value);
  absl::StatusOr<std::optional<std::string>> GetKeyValue(
      absl::string_view table, const std::string& key);
  // Calls `visit` with each (key, value) of `table` whose key starts with
  // `prefix`, in key order.
  absl::Status ScanPrefix(
      PgConnection& connection, absl::string_view table,
      const std::string& prefix,
      const std::function<absl::Status(absl::string_view key,
                                       absl::string_view value)>& visit);
  // The catalogue table over `connection`, as catalogue_versions.h scans it.
  CatalogueScan CatalogueScanner(PgConnection& connection);
  template <typename Entry, typename Record>
  absl::StatusOr<Entry> GetVersion(char kind, const std::string& code,
                                   absl::CivilDay as_of,
                                   absl::string_view what);
  template <typename Entry, typename Record>
  absl::StatusOr<std::vector<Entry>> ListVersions(
      char kind, std::optional<absl::CivilDay> as_of, absl::string_view what);

  // Reads over `connection` (a view: a transaction or not).
  static IndexCursors CursorsOver(PgConnection& connection);
  static DossierReader ReaderOver(PgConnection& connection);
  // The answer to a retry of `applied`, read over `connection`.
  static absl::StatusOr<DossierWrite> ReplayOver(
      PgConnection& connection, const records::AppliedRequest& applied);
  // What a write first learns in its transaction (one round trip): the
  // settings, the answers of `lock_sql` (the statements that lock what it
  // changes), and then the request id's record (read after the locks).
  struct WriteStart {
    core::Settings settings;
    std::string settings_record;  // as stored (empty: none)
    std::optional<records::AppliedRequest> applied;
    bool applied_expired = false;  // a stale record to delete first
    // The answers of the statements that took the write's locks.
    std::vector<PgRows> locked;
    // What a grouped write read of its target (ReadForWrite; null: none).
    std::optional<std::string> target;
  };
  // Sets start->settings from start->settings_record.
  static absl::Status ParseSettings(WriteStart* start);
  absl::StatusOr<WriteStart> BeginWrite(PgConnection& connection,
                                        const RequestKey& request,
                                        const std::string& lock_sql);
  // What writes store: motcua_write's arguments (pg_schema.cc), for one
  // write or a group.
  struct WriteArrays {
    std::string settings_read;
    std::vector<std::string> new_codes, new_records;
    std::vector<int64_t> new_versions;
    std::vector<std::string> updated_codes, updated_records;
    std::vector<int64_t> read_versions, updated_versions;
    std::vector<std::string> event_keys, event_values;
    std::vector<std::string> deleted_index_keys, index_keys, index_values;
    std::map<std::string, core::CounterRow> counter_rows;
    // Applied request ids, their times and records, and ids whose expired
    // records are replaced.
    std::vector<std::string> request_ids;
    std::vector<int64_t> request_ats;
    std::vector<std::string> requests, stale_request_ids;
    // Moves `other`'s arrays to the end of these and adds its counter rows.
    void Add(WriteArrays&& other);
  };
  // How AppendDossier numbers and dates the events it writes: after
  // `before`'s version and now (every write), or as given (a restore, whose
  // caller checked them; the version is then the last event's).
  enum class Stamps { kNow, kKept };
  // Adds to `w` what stores `d` after `events` (numbered after `before`'s
  // version, stamped now): record, events, index changes and counter
  // deltas. Returns the record as stored.
  records::Dossier AppendDossier(const core::Dossier* before, core::Dossier& d,
                                 std::vector<core::DossierEvent>& events,
                                 core::Granularity g, WriteArrays* w,
                                 Stamps stamps = Stamps::kNow);
  // ImportDossiers and RestoreDossiers (pg_copy.cc): new histories in one
  // transaction, stamped as `stamps` says.
  absl::Status WriteHistories(std::vector<ImportedHistory> histories,
                              Stamps stamps);
  // Stores `w` with its counters in `slot`, and commits: one round trip
  // (opening the transaction first with `begin`).
  static absl::Status WriteAndCommit(PgConnection& connection,
                                     const WriteArrays& w, int slot,
                                     bool begin);
  // Adds to `w` the change after `before` (null for a new dossier) and the
  // request id (`stale`: replacing its expired record), and answers what
  // the write returns once stored.
  DossierWrite Prepare(const core::Dossier* before, core::Dossier d,
                       std::vector<core::DossierEvent> events,
                       const RequestKey& request, bool stale,
                       core::Granularity g, WriteArrays* w);
  // Prepares the change after `before` and the request id, writes them
  // and commits.
  absl::StatusOr<DossierWrite> Commit(PgConnection& connection, int slot,
                                      const core::Dossier* before,
                                      core::Dossier d,
                                      std::vector<core::DossierEvent> events,
                                      const RequestKey& request,
                                      const WriteStart& start);

  // Adds every counter row's slots but slot 0 into slot 0 and deletes
  // them, a range of rows per transaction (sums never change). Without
  // `vacuum`, skipped while another server folds; with it (the end of a
  // bulk load), waits for that fold, then folds and vacuums and analyzes
  // the whole database. Answers the rows folded away.
  absl::StatusOr<int64_t> FoldCounterSlots(bool vacuum);
  // Runs FoldCounterSlots every options_.fold_interval until stopped.
  void FoldPeriodically();
  // ---- Grouped writes (see the top of this file) ----
  // What a grouped write read, in one statement without a transaction: the
  // settings, the request id's record, and the answer of `target_sql`
  // (its parameters follow the request id: $3, ...).
  absl::StatusOr<WriteStart> ReadForWrite(
      PgConnection& connection, const RequestKey& request,
      const std::string& target_sql, std::vector<std::string> target_params);
  // The grouped writes; nullopt when they must run alone (their group
  // conflicted with another server's writes, nothing of it written).
  // A creation holds its number in `held` (kept for its run alone).
  absl::StatusOr<std::optional<DossierWrite>> CreateGrouped(
      const std::string& agency_code, absl::CivilDay day,
      const RequestKey& request,
      const std::function<
          absl::StatusOr<core::DossierChange>(const std::string&)>& create,
      std::optional<NumbersInFlight::Hold>* held);
  absl::StatusOr<std::optional<DossierWrite>> UpdateGrouped(
      const std::string& code, const std::string& agency_code,
      const RequestKey& request,
      const std::function<
          absl::StatusOr<core::DossierChange>(const core::Dossier&)>& mutate);
  // Queues `w` and waits for its group: true once committed, false when
  // the group was rolled back (nothing of it written: the write must run
  // alone); an error when the outcome is unknown (the connection broke).
  absl::StatusOr<bool> WriteGrouped(WriteArrays w);
  struct Queued {
    explicit Queued(WriteArrays* arrays) : w(arrays) {}
    WriteArrays* w;  // taken by the group
    absl::StatusOr<bool> written = false;
    bool done = false;                  // guarded by queue_mutex_
    std::condition_variable committed;  // done became true
  };
  // The committing thread's loop, and the write of one group over
  // `connection` (connected when null or broken).
  void CommitGroups();
  void StartCommitters();
  // Writes what is queued, then stops the committing threads.
  void StopCommitters();
  void WriteGroup(std::unique_ptr<PgConnection>& connection,
                  const std::vector<Queued*>& group);
  // Groups stop growing at this many writes, so one huge group does not
  // delay every write behind it.
  static constexpr size_t kMaxGroup = 256;
  // Committing threads: while one group waits for its COMMIT to reach the
  // disk, the next is written.
  static constexpr int kCommitters = 1;

  const std::string conninfo_;
  const PostgresStoreOptions options_;
  absl::Mutex fold_mutex_;
  bool fold_stopping_ ABSL_GUARDED_BY(fold_mutex_) = false;
  std::thread folder_;
  // Tokens found recently (by secret hash), so that calls do not each ask
  // the database who they are: kept kTokenCacheTtl, dropped at once when
  // this server revokes one (another server's revocation applies here
  // within kTokenCacheTtl).
  static constexpr absl::Duration kTokenCacheTtl = absl::Seconds(1);
  struct CachedToken {
    StoredToken token;
    absl::Time fetched_at;
  };
  absl::Mutex token_cache_mutex_;
  std::map<std::string, CachedToken> token_cache_
      ABSL_GUARDED_BY(token_cache_mutex_);

  // This server's creations in flight; another server's are found by the
  // dossiers' unique code (the loser of a race runs again).
  NumbersInFlight numbers_in_flight_;
  // Grouped writes of one request id, of one agency-day's numbers, of one
  // dossier wait for each other in this server (another server's are
  // caught by the group's checks).
  StripedLock request_locks_;
  StripedLock sequence_locks_ ABSL_ACQUIRED_AFTER(request_locks_);
  StripedLock dossier_locks_ ABSL_ACQUIRED_AFTER(sequence_locks_);

  // A plain mutex and one condition variable per writer (as GroupCommit):
  // an absl::Mutex re-evaluated every waiter's condition at each unlock.
  std::mutex queue_mutex_;  // guards queue_, stopping_, each Queued's done
  std::condition_variable work_;  // the queue got its first writer
  std::deque<Queued*> queue_;
  bool stopping_ = false;
  std::vector<std::thread> committers_;

  // CheckWritable's own connection, outside the pool: a health check is
  // answered even while every pooled connection is busy.
  absl::Mutex probe_mutex_;
  std::unique_ptr<PgConnection> probe_ ABSL_GUARDED_BY(probe_mutex_);

  absl::Mutex pool_mutex_;
  // Free connections (null: not connected yet, or dropped); each index is a
  // counter slot.
  std::vector<std::unique_ptr<PgConnection>> free_ ABSL_GUARDED_BY(pool_mutex_);
  std::vector<int> free_slots_ ABSL_GUARDED_BY(pool_mutex_);
};

}  // namespace motcua::storage

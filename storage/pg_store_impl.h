// The PostgreSQL engine's class. Internal to storage/: users include
// pg_store.h and see only the Store interface. Tables: pg_schema.cc.
//
// How a dossier write is serialised, across every server on the database:
// it runs in one transaction that first locks what it changes (the
// dossier's row FOR UPDATE; a new code is guarded by the unique key), then
// writes the record, events, index entries, counter deltas and the
// request id, and commits. A transaction that loses a race (the same
// request id or a code inserted by another one, a deadlock) is rolled back
// and run again from the start, so it then sees the winner's write.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "storage/key_cursor.h"
#include "storage/numbers_in_flight.h"
#include "storage/pg_connection.h"
#include "storage/pg_store.h"
#include "storage/records.pb.h"

namespace motcua::storage {

class PgStore : public Store {
 public:
  static absl::StatusOr<std::unique_ptr<Store>> Open(
      const std::string& conninfo, const PostgresStoreOptions& options);
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
    std::optional<records::AppliedRequest> applied;
    bool applied_expired = false;  // a stale record to delete first
    // The answers of the statements that took the write's locks.
    std::vector<PgRows> locked;
  };
  absl::StatusOr<WriteStart> BeginWrite(PgConnection& connection,
                                        const RequestKey& request,
                                        const std::string& lock_sql);
  // What a write stores: motcua_write's arguments (pg_schema.cc).
  struct WriteArrays {
    std::vector<std::string> new_codes, new_records;
    std::string updated_code, updated_record;
    std::vector<std::string> event_keys, event_values;
    std::vector<std::string> deleted_index_keys, index_keys, index_values;
    std::map<std::string, core::CounterRow> counter_rows;
    // The request id (empty: none), when applied, its record, and whether
    // an expired record of it is replaced.
    std::string request_id;
    int64_t request_at = 0;
    std::string request;
    bool request_stale = false;
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
  // Stores `w` with its counters in `slot`, and commits: one round trip.
  static absl::Status WriteAndCommit(PgConnection& connection,
                                     const WriteArrays& w, int slot);
  // Writes the change after `before` (null for a new dossier) and the
  // request id, and commits.
  absl::StatusOr<DossierWrite> Commit(PgConnection& connection, int slot,
                                      const core::Dossier* before,
                                      core::Dossier d,
                                      std::vector<core::DossierEvent> events,
                                      const RequestKey& request,
                                      const WriteStart& start);

  // Adds every counter row's slots but slot 0 into slot 0 and deletes
  // them, a range of rows per transaction (sums never change); skipped
  // while another server folds. Answers the rows folded away.
  absl::StatusOr<int64_t> FoldCounterSlots();
  // Runs FoldCounterSlots every options_.fold_interval until stopped.
  void FoldPeriodically();

  const std::string conninfo_;
  const PostgresStoreOptions options_;
  absl::Mutex fold_mutex_;
  bool stopping_ ABSL_GUARDED_BY(fold_mutex_) = false;
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

  absl::Mutex pool_mutex_;
  // Free connections (null: not connected yet, or dropped); each index is a
  // counter slot.
  std::vector<std::unique_ptr<PgConnection>> free_ ABSL_GUARDED_BY(pool_mutex_);
  std::vector<int> free_slots_ ABSL_GUARDED_BY(pool_mutex_);
};

}  // namespace motcua::storage

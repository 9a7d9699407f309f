// The storage contract of motcua: dossiers, their histories, the catalogue,
// the calendar and the statistics counters.
//
// Every engine implements this interface and passes the same contract tests
// (tests/storage/); each engine's own header says how to open it. Nothing
// here names an engine notion: callers speak of dossiers, events, counters
// and queries.
//
// Guarantees every engine gives:
//  - A dossier write is atomic: the record, its history event, its index
//    entries, its counter deltas and its request id are stored together or
//    not at all, whatever the crash.
//  - Writes to one dossier are serialised; writes to different dossiers run
//    in parallel. A mutation sees the dossier as the previous write left it.
//  - A write that returned OK survives a process crash (and a machine
//    crash when the engine syncs writes, which every engine does by
//    default).
//  - A write carrying a request id already applied (within the retention
//    period) changes nothing and returns the first write's result.
//  - Dossier codes are unique forever: creation never hands out a number
//    held by a stored dossier, across restarts and crashes (a sequence that
//    lags after a power loss without synced writes skips taken numbers).
//  - Every statistic is a sum of counters whose cost does not grow with the
//    number of dossiers stored.
//
// All methods are thread-safe. Errors are absl::Status: NotFound for a
// missing entity, InvalidArgument for malformed input, FailedPrecondition
// for a write the current state forbids, AlreadyExists for a request id
// reused for a different request (or dossier), Internal / Unavailable /
// DataLoss for
// engine failures.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "core/calendar_year.h"
#include "core/catalogue.h"
#include "core/counters.h"
#include "core/domain_rules.h"
#include "core/dossier.h"
#include "core/dossier_changes.h"
#include "core/dossier_shares.h"
#include "core/work_schedule.h"

namespace motcua::storage {

// An API token as stored: the secret itself never is, only its hash.
struct StoredToken {
  std::string id;           // public identifier, shown in listings
  std::string secret_hash;  // e.g. hex SHA-256 of the secret
  core::Principal principal;
  absl::Time created_at;
  std::optional<absl::Time> revoked_at;  // unset while the token is valid
};

// Idempotency of a write (AIP-155).
struct RequestKey {
  // The caller's id for this request; empty means "not idempotent": every
  // call applies. At most 128 bytes.
  std::string request_id;
  // A digest of the request's content: the same id with another
  // fingerprint is refused with AlreadyExists rather than silently
  // answered with another request's result.
  std::string fingerprint;
};

// A whole history to import: the final record and its events in order.
// The store sets the version, the events' sequences and recorded_at
// (except RestoreDossiers, which keeps them as given).
struct ImportedHistory {
  core::Dossier dossier;
  std::vector<core::DossierEvent> events;
};

// The result of a dossier write.
struct DossierWrite {
  core::Dossier dossier;     // the record right after the write
  core::DossierEvent event;  // the event the write appended
  bool replayed = false;     // an earlier call with this request id wrote it
};

// Selects dossiers to list. One index drives the scan:
//  - AGENCY scope with `overdue_as_of`: the agency's dossiers open now,
//    by due day, that are overdue at that instant (meant for "now": a
//    dossier finished since a past instant is not listed);
//  - AGENCY scope with `due_on`: the agency's open dossiers whose due date
//    (due_at) falls on that local day, by code;
//  - AGENCY scope with `open_steps_due_by`: the open dossiers whose open
//    inter-agency step is due on or before that local day and either is
//    held by the agency (whoever received the dossier) or is on a dossier
//    the agency received; by the step's due day, then code;
//  - AGENCY scope with `status`: the agency's dossiers in that status
//    (including never-received ones: SUBMITTED, NOT_ACCEPTED);
//  - otherwise: the scope's received dossiers by reception day, newest
//    first, within [received_from, received_to] when given.
// The other criteria filter what the driving index yields. A page may hold
// fewer than page_size dossiers when filters reject many: follow
// next_page_token until it is empty.
struct DossierQuery {
  core::Scope scope;
  std::optional<core::DossierStatus> status;
  std::optional<absl::Time> overdue_as_of;
  std::optional<absl::CivilDay> due_on;
  std::optional<absl::CivilDay> open_steps_due_by;
  std::optional<absl::CivilDay> received_from;
  std::optional<absl::CivilDay> received_to;
  int page_size = 50;      // 1..1000; 0 means 50
  std::string page_token;  // from the previous page; empty for the first
};

struct DossierPage {
  std::vector<core::Dossier> dossiers;
  std::string next_page_token;  // empty on the last page
};

// Selects the dossiers a report cell counts, from the cell index (kept
// with each dossier write, like the counters, from core::DossierShares):
//  - period metrics (`metrics` not empty): the dossiers counted under
//    `scope` in any of `metrics` on days [first, last], by day then code
//    (a dossier counted in two of them on one day is listed once, with
//    `times` 2);
//  - a standing (`standing` set, `metrics` empty): the dossiers standing so
//    under `scope` at the end of day `at`, by the day their last standing
//    under the scope ends (still open ones last), then code.
// Only the dossiers counting under `dimension` = `dimension_code` are
// listed (kTotal: all). A page may hold fewer than page_size dossiers:
// follow next_page_token until it is empty.
struct CountedQuery {
  core::Scope scope;
  core::Dimension dimension = core::Dimension::kTotal;
  std::string dimension_code;
  std::vector<core::Metric> metrics;  // period metrics only
  absl::CivilDay first;
  absl::CivilDay last;
  std::optional<core::Standing> standing;
  absl::CivilDay at;
  int page_size = 50;      // 1..1000; 0 means 50
  std::string page_token;  // from the previous page; empty for the first
};

struct CountedDossier {
  core::Dossier dossier;  // as stored when the page was read
  int64_t times = 1;      // times the cell counts it (1 for real histories)
  // Its share under the query's scope: its standing intervals tell, for
  // example, whether an open dossier was also overdue at `at`.
  core::ScopeShare share;
};

struct CountedPage {
  std::vector<CountedDossier> dossiers;
  std::string next_page_token;  // empty on the last page
};

// What Verify() found. Empty lists mean the store is consistent.
struct VerifyReport {
  int64_t dossiers_checked = 0;
  int64_t counter_rows_checked = 0;
  int64_t index_entries_checked = 0;
  // Human-readable differences, at most 100 of each kind listed; the
  // totals count them all.
  std::vector<std::string> counter_differences;
  std::vector<std::string> index_differences;
  std::vector<std::string> history_differences;
  // Dossier-code sequences behind the numbers their dossiers use.
  std::vector<std::string> sequence_differences;
  int64_t counter_difference_count = 0;
  int64_t index_difference_count = 0;
  int64_t history_difference_count = 0;
  int64_t sequence_difference_count = 0;
  bool repaired = false;

  bool consistent() const {
    return counter_difference_count == 0 && index_difference_count == 0 &&
           history_difference_count == 0 && sequence_difference_count == 0;
  }
};

// The engine's own state, in plain numbers, for monitoring. Figures an
// engine does not have are 0.
struct EngineStats {
  // Bytes the engine estimates its compactions must still rewrite; growing
  // without bound means writes outpace compaction, and stalls follow.
  int64_t pending_compaction_bytes = 0;
  // Bytes held in write buffers (memtables), flushed or not yet.
  int64_t memtable_bytes = 0;
  // Bytes of the live table files on disk.
  int64_t table_bytes = 0;
  // Times since the store opened that the engine slowed down or stopped
  // writes to let compaction catch up.
  int64_t write_stalls = 0;
  // Whether writes are stopped right now.
  bool writes_stopped = false;
};

// One backup of a store, as BackupStore/ListBackups describe it.
struct BackupInfo {
  int64_t id = 0;          // 1, 2, ... within its folder; never reused
  absl::Time created_at;   // when the backup was taken (second precision)
  int64_t size_bytes = 0;  // what a restore of it copies
  int64_t file_count = 0;  // its files (some shared with other backups)
};

// What Backup() made.
struct NewBackup {
  BackupInfo backup;
  // Bytes it added to the folder: files that earlier backups there did not
  // already hold (backups are incremental).
  int64_t added_bytes = 0;
};

// What PruneBackups() did.
struct PrunedBackups {
  std::vector<int64_t> deleted_ids;  // ascending
  std::vector<BackupInfo> kept;      // ascending by id
};

class Store {
 public:
  virtual ~Store() = default;

  // ---- Settings and calendar ----

  // The stored settings; the defaults (PAUSE, DATE, national hours) when
  // none were ever stored.
  virtual absl::StatusOr<core::Settings> GetSettings() = 0;
  // Replaces the settings. The granularity decides how counters count, so
  // changing it once dossiers exist is FailedPrecondition.
  virtual absl::Status PutSettings(const core::Settings& settings) = 0;
  // Creates or replaces one year of the working calendar.
  virtual absl::Status PutCalendarYear(const core::CalendarYear& year) = 0;
  // Every stored year, ascending.
  virtual absl::StatusOr<std::vector<core::CalendarYear>>
  ListCalendarYears() = 0;

  // ---- Tokens ----

  // Stores a new token. AlreadyExists if its id or its hash is taken.
  virtual absl::Status PutToken(const StoredToken& token) = 0;
  // The token whose secret hashes to `secret_hash` (revoked ones too: the
  // caller checks revoked_at). NotFound when none.
  virtual absl::StatusOr<StoredToken> FindTokenByHash(
      const std::string& secret_hash) = 0;
  // Every token, by id.
  virtual absl::StatusOr<std::vector<StoredToken>> ListTokens() = 0;
  // Marks token `id` revoked at `at` (revoking twice keeps the first
  // instant). NotFound for an unknown id.
  virtual absl::StatusOr<StoredToken> RevokeToken(const std::string& id,
                                                  absl::Time at) = 0;

  // ---- Catalogue ----
  // Entries are versioned: Put* creates or replaces the version of `code`
  // that starts on `validity.valid_from`; Get* returns the version in force
  // on `as_of` (NotFound if none); List* returns every version, or only
  // those in force on `as_of` when given, ordered by code then valid_from.

  virtual absl::Status PutUnit(const core::Unit& unit) = 0;
  virtual absl::StatusOr<core::Unit> GetUnit(const std::string& code,
                                             absl::CivilDay as_of) = 0;
  virtual absl::StatusOr<std::vector<core::Unit>> ListUnits(
      std::optional<absl::CivilDay> as_of) = 0;

  virtual absl::Status PutAgency(const core::Agency& agency) = 0;
  virtual absl::StatusOr<core::Agency> GetAgency(const std::string& code,
                                                 absl::CivilDay as_of) = 0;
  virtual absl::StatusOr<std::vector<core::Agency>> ListAgencies(
      std::optional<absl::CivilDay> as_of) = 0;

  // Fields are not versioned.
  virtual absl::Status PutField(const core::Field& field) = 0;
  virtual absl::StatusOr<core::Field> GetField(const std::string& code) = 0;
  virtual absl::StatusOr<std::vector<core::Field>> ListFields() = 0;

  virtual absl::Status PutProcedure(const core::Procedure& procedure) = 0;
  virtual absl::StatusOr<core::Procedure> GetProcedure(
      const std::string& code, absl::CivilDay as_of) = 0;
  virtual absl::StatusOr<std::vector<core::Procedure>> ListProcedures(
      std::optional<absl::CivilDay> as_of) = 0;

  // ---- Dossiers ----

  // Creates a dossier of `agency_code` received (or submitted) on local day
  // `day`. The store allocates the next code AGENCY-yyMMdd-NNNN and calls
  // `create(code)` once, holding the agency-day's sequence: the change
  // returns the new record (with that code) and its first event. In every
  // change the store sets dossier.version, event.sequence and
  // event.recorded_at; everything else is the change's. If
  // `create` fails, nothing is written and the number is not used.
  // ResourceExhausted when the day's 9,999 numbers are spent.
  virtual absl::StatusOr<DossierWrite> CreateDossier(
      const std::string& agency_code, absl::CivilDay day,
      const RequestKey& request,
      const std::function<absl::StatusOr<core::DossierChange>(
          const std::string& code)>& create) = 0;

  // Stores a whole past history under its original code (historical import
  // and offline desks): `build()` returns the dossier after all its events
  // and the events in order (core/dossier_history.h replays them). The
  // record, every event, the indexes and the counters (dated by the events'
  // own days) are written at once: a crash never leaves half a history.
  // AlreadyExists if the code is taken. The agency-day sequence is raised
  // past the code's number so later codes never collide. The answer holds
  // the final record and the last event.
  virtual absl::StatusOr<DossierWrite> ImportDossier(
      const std::string& code, const RequestKey& request,
      const std::function<absl::StatusOr<ImportedHistory>()>& build) = 0;

  // Stores many past histories in one atomic write, for bulk loads and
  // large migrations: each as ImportDossier would, but without request ids,
  // and with the batch's counter deltas summed before they are written (a
  // thousand dossiers of one district and month touch a few hundred counter
  // rows, not a hundred thousand). Every code must be new and appear once:
  // otherwise AlreadyExists (InvalidArgument for a repeated or malformed
  // code, or a record whose code does not name its agency) and nothing is
  // written.
  virtual absl::Status ImportDossiers(
      std::vector<ImportedHistory> histories) = 0;

  // Stores many histories exactly as another store holds them, for copies
  // between engines (storage/store_copy.h): as ImportDossiers (one atomic
  // write, counter deltas summed, indexes and counters built from each
  // record, the agency-day sequences raised past the codes), but the
  // history is kept as given rather than stamped: the record's version and
  // each event's sequence and recorded_at are stored unchanged.
  // InvalidArgument unless each history's events are numbered 1..version
  // in order (or for what ImportDossiers refuses); AlreadyExists when a
  // code is taken. Either way nothing is written.
  virtual absl::Status RestoreDossiers(
      std::vector<ImportedHistory> histories) = 0;

  // Changes dossier `code`: calls `mutate(current)` once, holding the
  // dossier, and stores what it returns. If `mutate` fails, nothing is
  // written and its status is returned. NotFound for an unknown code.
  virtual absl::StatusOr<DossierWrite> UpdateDossier(
      const std::string& code, const RequestKey& request,
      const std::function<absl::StatusOr<core::DossierChange>(
          const core::Dossier&)>& mutate) = 0;

  // The result of the write that applied `request` (its id, within the
  // retention period): what a retry of it gets, read without holding
  // anything. nullopt when no write applied it (or its id is empty);
  // AlreadyExists when the id was applied to a request with another
  // fingerprint. For callers that answer a retry before re-checking what
  // may have changed since the first call (the clock, the catalogue); the
  // writes above still check the id themselves, under its lock.
  virtual absl::StatusOr<std::optional<DossierWrite>> FindAppliedRequest(
      const RequestKey& request) = 0;

  virtual absl::StatusOr<core::Dossier> GetDossier(const std::string& code) = 0;
  // The dossier's events 1..version, in order.
  virtual absl::StatusOr<std::vector<core::DossierEvent>> GetHistory(
      const std::string& code) = 0;
  // One page of the dossiers `query` selects. InvalidArgument for a bad
  // page size, page token or scope/criteria combination.
  virtual absl::StatusOr<DossierPage> ListDossiers(
      const DossierQuery& query) = 0;
  // Calls `visit` for each dossier of `scope` received on days
  // [first, last], by reception day; stops early, returning OK, when
  // `visit` returns false. For exports: the scan is over the reception
  // index of that scope, reading from one consistent snapshot.
  virtual absl::Status ScanReceived(
      const core::Scope& scope, absl::CivilDay first, absl::CivilDay last,
      const std::function<bool(const core::Dossier&)>& visit) = 0;

  // Calls `visit` for every stored dossier (received or not: SUBMITTED and
  // NOT_ACCEPTED ones too) whose code sorts after `after_code` (empty: from
  // the first), in code order, with its whole history (events
  // 1..version), all read from one consistent snapshot taken when the call
  // begins; stops early, returning OK, when `visit` returns false. For
  // copies and exports of a whole store: a caller that stopped resumes
  // with the last code it saw.
  virtual absl::Status ScanDossiers(
      const std::string& after_code,
      const std::function<bool(const ImportedHistory&)>& visit) = 0;

  // One page of the dossiers `query` selects, read from one snapshot.
  // InvalidArgument for a bad page size or token, a standing metric among
  // `metrics`, last < first, or neither or both of metrics and standing.
  virtual absl::StatusOr<CountedPage> ListCounted(
      const CountedQuery& query) = 0;

  // ---- Counters ----

  // The sum, over local days [first, last], of the counters of `scope`
  // broken down by `dimension` = `dimension_code` (kTotal: code empty).
  // InvalidArgument if last < first.
  virtual absl::StatusOr<core::CounterRow> SumCounters(
      const core::Scope& scope, core::Dimension dimension,
      const std::string& dimension_code, absl::CivilDay first,
      absl::CivilDay last) = 0;
  // The same for every code of `dimension` at once (e.g. every field of a
  // district): code -> sum; codes with no counters are absent.
  virtual absl::StatusOr<std::map<std::string, core::CounterRow>>
  SumCountersByDimension(const core::Scope& scope, core::Dimension dimension,
                         absl::CivilDay first, absl::CivilDay last) = 0;

  // Several sums of one counter at once, as SumCounters answers each of
  // `ranges` ([first, last] pairs), in their order: a report cell needs
  // three (before, during and until a period), and an engine across the
  // network reads them in one round trip. Errors as SumCounters.
  virtual absl::StatusOr<std::vector<core::CounterRow>> SumCounterRanges(
      const core::Scope& scope, core::Dimension dimension,
      const std::string& dimension_code,
      const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges) {
    std::vector<core::CounterRow> sums;
    for (const auto& [first, last] : ranges) {
      absl::StatusOr<core::CounterRow> sum =
          SumCounters(scope, dimension, dimension_code, first, last);
      if (!sum.ok()) return sum.status();
      sums.push_back(*sum);
    }
    return sums;
  }
  // The same for SumCountersByDimension.
  virtual absl::StatusOr<std::vector<std::map<std::string, core::CounterRow>>>
  SumCounterRangesByDimension(
      const core::Scope& scope, core::Dimension dimension,
      const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges) {
    std::vector<std::map<std::string, core::CounterRow>> sums;
    for (const auto& [first, last] : ranges) {
      absl::StatusOr<std::map<std::string, core::CounterRow>> sum =
          SumCountersByDimension(scope, dimension, first, last);
      if (!sum.ok()) return sum.status();
      sums.push_back(*std::move(sum));
    }
    return sums;
  }

  // ---- Maintenance ----

  // Recounts every counter and index entry from the stored dossiers, checks
  // each history holds exactly `version` events and each agency-day
  // sequence is at or past the numbers its dossiers use; reports every
  // difference. With `repair`, also rewrites counters and indexes to the
  // recount (writes are held meanwhile). For operators after an incident.
  virtual absl::StatusOr<VerifyReport> Verify(bool repair) = 0;

  // The engine's state (EngineStats); cheap (in-memory figures, no scan),
  // so it may be read at every metrics scrape.
  virtual absl::StatusOr<EngineStats> GetEngineStats() = 0;

  // Whether the store takes writes now: OK, or Unavailable naming why (the
  // database unreachable, or reachable only as a read-only standby, as
  // during a failover). Asks the database, so it costs a round trip; the
  // server's health check calls it about once a second. The embedded engine
  // takes writes whenever it is open.
  virtual absl::Status CheckWritable() { return absl::OkStatus(); }

  // Called once a bulk load (a store copy, motcua-bulkgen) has written its
  // last dossier: leaves the store as quick to read as if it had been
  // written over months, so that the first minutes of serving do not pay
  // for the load. The PostgreSQL engine folds its counter rows' slots
  // (after any fold another server is running) and vacuums and analyzes
  // its tables (about half a minute at a million dossiers); the embedded
  // engine has nothing to do.
  virtual absl::Status FinishBulkLoad() { return absl::OkStatus(); }

  // ---- Backups ----
  // A backup folder holds numbered backups of this store, taken while it
  // serves: each backup holds every write acknowledged before the call
  // began (and possibly some acknowledged during it), consistent as a
  // whole, and writes go on meanwhile. Backups in one folder share their
  // unchanged files, so each new one copies only what changed. Restoring is
  // each engine's own (its header says how), into a new store, offline.
  // Backup calls are serialised. `folder` must be an absolute path outside
  // the store's own folder, neither inside it nor holding it:
  // InvalidArgument otherwise; FailedPrecondition when the folder cannot be
  // created or written; every message names the folder.

  // Takes a backup into `folder`, creating the folder if needed.
  virtual absl::StatusOr<NewBackup> Backup(const std::string& folder) = 0;
  // The backups in `folder`, ascending by id. NotFound when the folder does
  // not exist.
  virtual absl::StatusOr<std::vector<BackupInfo>> ListBackups(
      const std::string& folder) = 0;
  // Deletes all but the newest `keep` backups of `folder` (and the files
  // only they held). InvalidArgument unless keep >= 1; NotFound when the
  // folder does not exist.
  virtual absl::StatusOr<PrunedBackups> PruneBackups(const std::string& folder,
                                                     int keep) = 0;
};

// The earliest local day counters can hold; "everything before day D" is
// [kFirstCounterDay, D - 1].
inline const absl::CivilDay kFirstCounterDay(2000, 1, 1);

}  // namespace motcua::storage

// The PostgreSQL engine: opening, the connection pool, settings, calendar,
// tokens and catalogue. Dossiers are in pg_dossiers.cc, counters and
// Verify in pg_counters.cc.
#include "storage/pg_store.h"

#include <algorithm>
#include <random>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "storage/catalogue_versions.h"
#include "storage/keys.h"
#include "storage/pg_cursor.h"
#include "storage/pg_schema.h"
#include "storage/pg_store_impl.h"
#include "storage/record_codec.h"

namespace motcua::storage {
namespace {

constexpr int kMaxConnections = 64;

}  // namespace

namespace {}  // namespace

bool IsPostgresLocation(const std::string& location) {
  return absl::StartsWith(location, "postgresql://") ||
         absl::StartsWith(location, "postgres://");
}

absl::StatusOr<std::unique_ptr<Store>> OpenPostgresStore(
    const std::string& conninfo, const PostgresStoreOptions& options) {
  return PgStore::Open(conninfo, options);
}

PgStore::PgStore(std::string conninfo, const PostgresStoreOptions& options)
    : conninfo_(std::move(conninfo)), options_(options) {
  const int first =
      options_.first_counter_slot >= 0
          ? options_.first_counter_slot
          : static_cast<int>(std::random_device()() % kPgCounterSlots);
  {
    absl::MutexLock lock(&pool_mutex_);
    for (int i = options_.connections - 1; i >= 0; --i) {
      free_.push_back(nullptr);
      free_slots_.push_back((first + i) % kPgCounterSlots);
    }
  }
  StartCommitters();
}

absl::StatusOr<std::unique_ptr<Store>> PgStore::Open(
    const std::string& conninfo, const PostgresStoreOptions& options) {
  if (options.first_counter_slot >= kPgCounterSlots) {
    return absl::InvalidArgumentError(
        absl::StrCat("the first counter slot must be below ", kPgCounterSlots));
  }
  if (options.connections < 1 || options.connections > kMaxConnections) {
    return absl::InvalidArgumentError(
        absl::StrCat("PostgreSQL connections must be 1 to ", kMaxConnections));
  }
  std::unique_ptr<PgStore> store(new PgStore(conninfo, options));
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, store->Acquire());
  MOTCUA_RETURN_IF_ERROR(EnsurePgSchema(*lease));
  // Applied request ids past their retention are deleted now and then; a
  // stale one is also never answered (CheckAppliedRequest).
  MOTCUA_RETURN_IF_ERROR(
      lease
          ->Query("DELETE FROM requests WHERE applied_at < $1", {[&] {
                    std::string b;
                    const int64_t cutoff = absl::ToUnixMicros(
                        options.clock() - options.request_id_retention);
                    for (int i = 7; i >= 0; --i) {
                      b.push_back(static_cast<char>(cutoff >> (8 * i)));
                    }
                    return b;
                  }()})
          .status());
  if (options.fold_interval > absl::ZeroDuration()) {
    PgStore* raw = store.get();
    store->folder_ = std::thread([raw] { raw->FoldPeriodically(); });
  }
  return std::unique_ptr<Store>(std::move(store));
}

PgStore::~PgStore() {
  {
    absl::MutexLock lock(&fold_mutex_);
    fold_stopping_ = true;
  }
  if (folder_.joinable()) folder_.join();
  StopCommitters();
}

void PgStore::FoldPeriodically() {
  absl::Duration wait = absl::Seconds(1);  // soon after open
  for (;;) {
    {
      absl::MutexLock lock(&fold_mutex_);
      if (fold_mutex_.AwaitWithTimeout(absl::Condition(&fold_stopping_),
                                       wait)) {
        return;
      }
    }
    // A failed fold (the database away, a lost race) is tried next time.
    (void)FoldCounterSlots(/*vacuum=*/false);
    wait = options_.fold_interval;
  }
}

PgStore::Lease::~Lease() {
  if (store_ == nullptr) return;
  if (connection_ != nullptr && !connection_->healthy()) connection_.reset();
  absl::MutexLock lock(&store_->pool_mutex_);
  store_->free_.push_back(std::move(connection_));
  store_->free_slots_.push_back(slot_);
}

absl::StatusOr<PgStore::Lease> PgStore::Acquire() {
  std::unique_ptr<PgConnection> connection;
  int slot = 0;
  {
    absl::MutexLock lock(&pool_mutex_);
    pool_mutex_.Await(absl::Condition(
        +[](std::vector<int>* free) { return !free->empty(); }, &free_slots_));
    connection = std::move(free_.back());
    free_.pop_back();
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  Lease lease(this, std::move(connection), slot);
  if (lease.connection_ == nullptr) {
    absl::StatusOr<std::unique_ptr<PgConnection>> fresh =
        PgConnection::Connect(conninfo_);
    if (!fresh.ok()) return fresh.status();  // the lease gives the slot back
    lease.connection_ = *std::move(fresh);
  }
  return lease;
}

// ---- Key/value tables ----

absl::Status PgStore::PutKeyValue(absl::string_view table,
                                  const std::string& key,
                                  const std::string& value) {
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  return lease
      ->Query(absl::StrCat("INSERT INTO ", table,
                           " (key, value) VALUES ($1, $2) ON CONFLICT (key) "
                           "DO UPDATE SET value = excluded.value"),
              {key, value})
      .status();
}

absl::StatusOr<std::optional<std::string>> PgStore::GetKeyValue(
    absl::string_view table, const std::string& key) {
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  MOTCUA_ASSIGN_OR_RETURN(
      const PgRows rows,
      lease->Query(absl::StrCat("SELECT value FROM ", table, " WHERE key = $1"),
                   {key}));
  if (rows.size() == 0) return std::nullopt;
  return std::optional<std::string>(std::string(rows.value(0, 0)));
}

absl::Status PgStore::ScanPrefix(
    PgConnection& connection, absl::string_view table,
    const std::string& prefix,
    const std::function<absl::Status(absl::string_view, absl::string_view)>&
        visit) {
  PgCursor cursor(connection, std::string(table), prefix,
                  keys::PrefixEnd(prefix), /*reverse=*/false);
  for (cursor.Start(""); cursor.Valid(); cursor.Next()) {
    MOTCUA_RETURN_IF_ERROR(visit(cursor.key(), cursor.value()));
  }
  return cursor.status();
}

IndexCursors PgStore::CursorsOver(PgConnection& connection) {
  return [&connection](std::string lower, std::string upper, bool reverse) {
    return std::unique_ptr<KeyCursor>(new PgCursor(
        connection, "indexes", std::move(lower), std::move(upper), reverse));
  };
}

DossierReader PgStore::ReaderOver(PgConnection& connection) {
  return [&connection](const std::vector<std::string>& codes)
             -> absl::StatusOr<std::vector<core::Dossier>> {
    std::vector<core::Dossier> out;
    if (codes.empty()) return out;
    std::string list;
    for (const std::string& code : codes) {
      absl::StrAppend(&list, list.empty() ? "" : ",", ByteaLiteral(code));
    }
    MOTCUA_ASSIGN_OR_RETURN(
        const PgRows rows,
        connection.Query(absl::StrCat(
            "SELECT code, record FROM dossiers WHERE code IN (", list, ")")));
    std::map<absl::string_view, absl::string_view> found;
    for (int i = 0; i < rows.size(); ++i) {
      found[rows.value(i, 0)] = rows.value(i, 1);
    }
    records::Dossier record;
    out.reserve(codes.size());
    for (const std::string& code : codes) {
      auto it = found.find(code);
      if (it == found.end()) {
        return absl::DataLossError(absl::StrCat(
            "an index names dossier '", code, "', which is not stored"));
      }
      MOTCUA_RETURN_IF_ERROR(ParseInto(it->second, "dossier", &record));
      out.push_back(FromRecord(record));
    }
    return out;
  };
}

// ---- Settings and calendar ----

absl::StatusOr<core::Settings> PgStore::GetSettings() {
  MOTCUA_ASSIGN_OR_RETURN(const std::optional<std::string> bytes,
                          GetKeyValue("meta", keys::SettingsKey()));
  if (!bytes.has_value()) return core::Settings();
  MOTCUA_ASSIGN_OR_RETURN(const records::Settings record,
                          Parse<records::Settings>(*bytes, "settings"));
  return FromRecord(record);
}

absl::Status PgStore::PutSettings(const core::Settings& settings) {
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
  MOTCUA_ASSIGN_OR_RETURN(const core::Settings current, GetSettings());
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  // The lock waits for every dossier write in flight (they hold ROW
  // EXCLUSIVE on dossiers from their first statement) and holds new ones
  // off until the settings are stored: none counts under a stale
  // granularity.
  absl::StatusOr<std::vector<PgRows>> rows = lease->Script(
      "BEGIN; LOCK TABLE dossiers IN SHARE ROW EXCLUSIVE MODE; "
      "SELECT EXISTS (SELECT 1 FROM dossiers)");
  if (!rows.ok()) {
    lease->Rollback();
    return rows.status();
  }
  if (rows->back().value(0, 0) == "t" &&
      settings.rules.granularity != current.rules.granularity) {
    lease->Rollback();
    return absl::FailedPreconditionError(
        "the DATE/INSTANT granularity cannot change once dossiers are "
        "stored: their counters were made under the current one");
  }
  absl::StatusOr<std::vector<PgRows>> done = lease->Script(absl::StrCat(
      "INSERT INTO meta (key, value) VALUES (",
      ByteaLiteral(keys::SettingsKey()), ", ",
      ByteaLiteral(Serialize(ToRecord(settings))),
      ") ON CONFLICT (key) DO UPDATE SET value = excluded.value; COMMIT"));
  if (!done.ok()) lease->Rollback();
  return done.status();
}

absl::Status PgStore::PutCalendarYear(const core::CalendarYear& year) {
  MOTCUA_RETURN_IF_ERROR(core::ValidateCalendarYear(year));
  return PutKeyValue("meta", keys::CalendarYearKey(year.year),
                     core::FormatCalendarYear(year));
}

absl::StatusOr<std::vector<core::CalendarYear>> PgStore::ListCalendarYears() {
  std::vector<core::CalendarYear> years;
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  MOTCUA_RETURN_IF_ERROR(ScanPrefix(
      *lease, "meta", keys::CalendarPrefix(),
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

// ---- Tokens ----

absl::Status PgStore::PutToken(const StoredToken& token) {
  if (token.id.empty() || token.secret_hash.empty()) {
    return absl::InvalidArgumentError("a token needs an id and a secret hash");
  }
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  absl::Status s =
      lease
          ->Query("INSERT INTO tokens (hash, id, record) VALUES ($1, $2, $3)",
                  {token.secret_hash, token.id, Serialize(ToRecord(token))})
          .status();
  if (IsUniqueViolation(s)) {
    return absl::AlreadyExistsError("a token with this id or secret exists");
  }
  return s;
}

absl::StatusOr<StoredToken> PgStore::FindTokenByHash(
    const std::string& secret_hash) {
  const absl::Time now = absl::Now();
  {
    absl::MutexLock lock(&token_cache_mutex_);
    auto it = token_cache_.find(secret_hash);
    if (it != token_cache_.end() &&
        now - it->second.fetched_at < kTokenCacheTtl) {
      return it->second.token;
    }
  }
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  MOTCUA_ASSIGN_OR_RETURN(
      const PgRows rows,
      lease->Query("SELECT record FROM tokens WHERE hash = $1", {secret_hash}));
  if (rows.size() == 0) return absl::NotFoundError("token not found");
  MOTCUA_ASSIGN_OR_RETURN(const records::Token record,
                          Parse<records::Token>(rows.value(0, 0), "token"));
  StoredToken token = FromRecord(record);
  absl::MutexLock lock(&token_cache_mutex_);
  // Bounded: a full cache starts again (tokens are few; this bounds what
  // many distinct valid tokens could make it hold).
  if (token_cache_.size() >= 10000) token_cache_.clear();
  token_cache_[secret_hash] = {token, now};
  return token;
}

absl::StatusOr<std::vector<StoredToken>> PgStore::ListTokens() {
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  MOTCUA_ASSIGN_OR_RETURN(
      const PgRows rows, lease->Query("SELECT record FROM tokens ORDER BY id"));
  std::vector<StoredToken> tokens;
  for (int i = 0; i < rows.size(); ++i) {
    MOTCUA_ASSIGN_OR_RETURN(const records::Token record,
                            Parse<records::Token>(rows.value(i, 0), "token"));
    tokens.push_back(FromRecord(record));
  }
  std::sort(
      tokens.begin(), tokens.end(),
      [](const StoredToken& a, const StoredToken& b) { return a.id < b.id; });
  return tokens;
}

absl::StatusOr<StoredToken> PgStore::RevokeToken(const std::string& id,
                                                 absl::Time at) {
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  absl::StatusOr<std::vector<PgRows>> rows = lease->Script(absl::StrCat(
      "BEGIN; SELECT record FROM tokens WHERE id = ", ByteaLiteral(id),
      " FOR UPDATE"));
  if (!rows.ok()) {
    lease->Rollback();
    return rows.status();
  }
  if (rows->back().size() == 0) {
    lease->Rollback();
    return absl::NotFoundError(absl::StrCat("token '", id, "' not found"));
  }
  absl::StatusOr<std::string> bytes = DecodeByteaText(rows->back().value(0, 0));
  absl::StatusOr<records::Token> record =
      bytes.ok() ? Parse<records::Token>(*bytes, "token")
                 : absl::StatusOr<records::Token>(bytes.status());
  if (!record.ok()) {
    lease->Rollback();
    return record.status();
  }
  StoredToken token = FromRecord(*record);
  if (token.revoked_at.has_value()) {
    lease->Rollback();
    return token;
  }
  token.revoked_at = at;
  {
    absl::MutexLock lock(&token_cache_mutex_);
    token_cache_.erase(token.secret_hash);
  }
  absl::StatusOr<std::vector<PgRows>> done = lease->Script(absl::StrCat(
      "UPDATE tokens SET record = ", ByteaLiteral(Serialize(ToRecord(token))),
      " WHERE id = ", ByteaLiteral(id), "; COMMIT"));
  if (!done.ok()) {
    lease->Rollback();
    return done.status();
  }
  absl::MutexLock lock(&token_cache_mutex_);
  token_cache_.erase(token.secret_hash);  // a read since may have cached it
  return token;
}

// ---- Catalogue ----

template <typename Entry, typename Record>
absl::StatusOr<Entry> PgStore::GetVersion(char kind, const std::string& code,
                                          absl::CivilDay as_of,
                                          absl::string_view what) {
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  return CatalogueVersionOn<Entry, Record>(
      CatalogueScanner(*lease), static_cast<keys::CatalogueKind>(kind), code,
      as_of, what);
}

template <typename Entry, typename Record>
absl::StatusOr<std::vector<Entry>> PgStore::ListVersions(
    char kind, std::optional<absl::CivilDay> as_of, absl::string_view what) {
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  return CatalogueVersions<Entry, Record>(
      CatalogueScanner(*lease), static_cast<keys::CatalogueKind>(kind), as_of,
      what);
}

CatalogueScan PgStore::CatalogueScanner(PgConnection& connection) {
  return [this, &connection](
             const std::string& prefix,
             const std::function<absl::Status(absl::string_view)>& visit) {
    return ScanPrefix(connection, "catalogue", prefix,
                      [&](absl::string_view, absl::string_view value) {
                        return visit(value);
                      });
  };
}

absl::Status PgStore::PutUnit(const core::Unit& unit) {
  MOTCUA_RETURN_IF_ERROR(core::ValidateUnit(unit));
  return PutKeyValue("catalogue",
                     CatalogueKeyOf(keys::CatalogueKind::kUnit, unit),
                     Serialize(ToRecord(unit)));
}
absl::StatusOr<core::Unit> PgStore::GetUnit(const std::string& code,
                                            absl::CivilDay as_of) {
  return GetVersion<core::Unit, records::Unit>('U', code, as_of, "unit");
}
absl::StatusOr<std::vector<core::Unit>> PgStore::ListUnits(
    std::optional<absl::CivilDay> as_of) {
  return ListVersions<core::Unit, records::Unit>('U', as_of, "unit");
}
absl::Status PgStore::PutAgency(const core::Agency& agency) {
  MOTCUA_RETURN_IF_ERROR(core::ValidateAgency(agency));
  return PutKeyValue("catalogue",
                     CatalogueKeyOf(keys::CatalogueKind::kAgency, agency),
                     Serialize(ToRecord(agency)));
}
absl::StatusOr<core::Agency> PgStore::GetAgency(const std::string& code,
                                                absl::CivilDay as_of) {
  return GetVersion<core::Agency, records::Agency>('A', code, as_of, "agency");
}
absl::StatusOr<std::vector<core::Agency>> PgStore::ListAgencies(
    std::optional<absl::CivilDay> as_of) {
  return ListVersions<core::Agency, records::Agency>('A', as_of, "agency");
}
absl::Status PgStore::PutField(const core::Field& field) {
  MOTCUA_RETURN_IF_ERROR(core::ValidateField(field));
  return PutKeyValue("catalogue",
                     CatalogueKeyOf(keys::CatalogueKind::kField, field),
                     Serialize(ToRecord(field)));
}
absl::StatusOr<core::Field> PgStore::GetField(const std::string& code) {
  return GetVersion<core::Field, records::Field>(
      'F', code, absl::CivilDay(1970, 1, 1), "field");
}
absl::StatusOr<std::vector<core::Field>> PgStore::ListFields() {
  return ListVersions<core::Field, records::Field>('F', std::nullopt, "field");
}
absl::Status PgStore::PutProcedure(const core::Procedure& procedure) {
  MOTCUA_RETURN_IF_ERROR(core::ValidateProcedure(procedure));
  return PutKeyValue("catalogue",
                     CatalogueKeyOf(keys::CatalogueKind::kProcedure, procedure),
                     Serialize(ToRecord(procedure)));
}
absl::StatusOr<core::Procedure> PgStore::GetProcedure(const std::string& code,
                                                      absl::CivilDay as_of) {
  return GetVersion<core::Procedure, records::Procedure>('P', code, as_of,
                                                         "procedure");
}
absl::StatusOr<std::vector<core::Procedure>> PgStore::ListProcedures(
    std::optional<absl::CivilDay> as_of) {
  return ListVersions<core::Procedure, records::Procedure>('P', as_of,
                                                           "procedure");
}

// ---- Engine state and backups ----

absl::StatusOr<EngineStats> PgStore::GetEngineStats() {
  return EngineStats();  // PostgreSQL's own views tell its state
}

absl::Status PgStore::CheckWritable() {
  absl::MutexLock lock(&probe_mutex_);
  if (probe_ == nullptr || !probe_->healthy()) {
    probe_.reset();
    MOTCUA_ASSIGN_OR_RETURN(probe_, PgConnection::Connect(conninfo_));
  }
  // A connection string without target_session_attrs=read-write may reach
  // a standby; writes would then fail, so the store is not ready.
  absl::StatusOr<PgRows> rows = probe_->Query("SELECT pg_is_in_recovery()");
  if (!rows.ok()) {
    probe_.reset();
    return rows.status();
  }
  // A binary boolean: one byte, 1 for true.
  const bool standby =
      rows->size() == 1 && rows->value(0, 0) == absl::string_view("\x01", 1);
  if (!standby) return absl::OkStatus();
  probe_.reset();  // the next check looks for the primary again
  return absl::UnavailableError(
      "PostgreSQL: the server reached is a read-only standby (no primary "
      "yet); list every node with target_session_attrs=read-write");
}

namespace {
absl::Status NoBackups() {
  return absl::UnimplementedError(
      "a PostgreSQL store is backed up by PostgreSQL itself (pg_basebackup, "
      "WAL archiving, a Patroni standby), not by motcua");
}
}  // namespace

absl::StatusOr<NewBackup> PgStore::Backup(const std::string&) {
  return NoBackups();
}
absl::StatusOr<std::vector<BackupInfo>> PgStore::ListBackups(
    const std::string&) {
  return NoBackups();
}
absl::StatusOr<PrunedBackups> PgStore::PruneBackups(const std::string&, int) {
  return NoBackups();
}

}  // namespace motcua::storage

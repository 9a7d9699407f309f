// The PostgreSQL engine: dossier writes, reads and listings.
#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/status_macros.h"
#include "storage/applied_requests.h"
#include "storage/counted_listing.h"
#include "storage/dossier_listing.h"
#include "storage/keys.h"
#include "storage/layout.h"
#include "storage/pg_store_impl.h"
#include "storage/record_codec.h"

namespace motcua::storage {

absl::Status PgStore::ParseSettings(WriteStart* start) {
  MOTCUA_ASSIGN_OR_RETURN(
      const records::Settings record,
      Parse<records::Settings>(start->settings_record, "settings"));
  MOTCUA_ASSIGN_OR_RETURN(start->settings, FromRecord(record));
  return absl::OkStatus();
}

namespace {

// The statement answering the highest stored code of `agency_code` and
// `day` (codes of a day are fixed-width: text order is number order).
absl::StatusOr<std::string> CodePrefix(const std::string& agency_code,
                                       absl::CivilDay day);
absl::StatusOr<std::string> HighestCodeSql(const std::string& agency_code,
                                           absl::CivilDay day) {
  MOTCUA_ASSIGN_OR_RETURN(const std::string prefix,
                          CodePrefix(agency_code, day));
  return absl::StrCat(
      "SELECT convert_from(code, 'UTF8') FROM dossiers WHERE code >= ",
      ByteaLiteral(prefix), " AND code < ",
      ByteaLiteral(keys::PrefixEnd(prefix)), " ORDER BY code DESC LIMIT 1");
}

absl::StatusOr<records::Dossier> DossierOfText(absl::string_view text) {
  MOTCUA_ASSIGN_OR_RETURN(const std::string bytes, DecodeByteaText(text));
  return Parse<records::Dossier>(bytes, "dossier");
}

std::vector<std::string> RequestLockKeys(const RequestKey& request) {
  if (request.request_id.empty()) return {};
  return {request.request_id};
}

// The prefix of the codes of `agency_code` and `day`.
absl::StatusOr<std::string> CodePrefix(const std::string& agency_code,
                                       absl::CivilDay day) {
  MOTCUA_ASSIGN_OR_RETURN(std::string first,
                          core::FormatDossierCode({agency_code, day, 1}));
  return first.substr(0, first.size() - 4);
}

}  // namespace

template <typename T>
absl::StatusOr<T> PgStore::Transact(
    const std::function<absl::StatusOr<T>(PgConnection&, int)>& body) {
  constexpr int kAttempts = 8;
  absl::Status last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
    absl::StatusOr<T> result = body(*lease, lease.slot());
    if (result.ok()) return result;
    lease->Rollback();
    if (!IsRetryable(result.status())) return result.status();
    last = result.status();
  }
  return absl::AbortedError(absl::StrCat("the write lost ", kAttempts,
                                         " races in a row; try again (",
                                         last.message(), ")"));
}

absl::StatusOr<PgStore::WriteStart> PgStore::BeginWrite(
    PgConnection& connection, const RequestKey& request,
    const std::string& lock_sql) {
  // ROW EXCLUSIVE on dossiers from the first statement: PutSettings waits
  // for this write, and this write for a PutSettings in progress.
  std::string sql = absl::StrCat(
      "BEGIN; LOCK TABLE dossiers IN ROW EXCLUSIVE MODE; "
      "SELECT value FROM meta WHERE key = ",
      ByteaLiteral(keys::SettingsKey()), "; ", lock_sql);
  // The request id is read after the locks are held (each statement reads
  // what is committed when it starts): a write of the same id to the same
  // dossier that held the lock has committed by then, and is replayed.
  if (!request.request_id.empty()) {
    absl::StrAppend(&sql, "; SELECT record FROM requests WHERE id = ",
                    ByteaLiteral(request.request_id));
  }
  MOTCUA_ASSIGN_OR_RETURN(std::vector<PgRows> results, connection.Script(sql));
  WriteStart start;
  const PgRows& settings = results[2];
  if (settings.size() > 0) {
    MOTCUA_ASSIGN_OR_RETURN(start.settings_record,
                            DecodeByteaText(settings.value(0, 0)));
    MOTCUA_RETURN_IF_ERROR(ParseSettings(&start));
  }
  size_t end = results.size();
  if (!request.request_id.empty()) {
    const PgRows& applied = results[--end];
    if (applied.size() > 0) {
      MOTCUA_ASSIGN_OR_RETURN(const std::string bytes,
                              DecodeByteaText(applied.value(0, 0)));
      MOTCUA_ASSIGN_OR_RETURN(
          start.applied, CheckAppliedRequest(bytes, request, options_.clock(),
                                             options_.request_id_retention));
      start.applied_expired = !start.applied.has_value();
    }
  }
  for (size_t i = 3; i < end; ++i)
    start.locked.push_back(std::move(results[i]));
  return start;
}

absl::StatusOr<DossierWrite> PgStore::ReplayOver(
    PgConnection& connection, const records::AppliedRequest& applied) {
  MOTCUA_ASSIGN_OR_RETURN(
      const PgRows rows,
      connection.Query(
          "SELECT (SELECT value FROM events WHERE key = $1), "
          "(SELECT record FROM dossiers WHERE code = $2)",
          {keys::EventKey(applied.dossier_code(), applied.event_sequence()),
           applied.dossier_code()}));
  if (rows.size() != 1 || rows.null(0, 0) || rows.null(0, 1)) {
    return absl::DataLossError(
        absl::StrCat("the write of an applied request to dossier '",
                     applied.dossier_code(), "' is missing"));
  }
  MOTCUA_ASSIGN_OR_RETURN(const records::Event event,
                          Parse<records::Event>(rows.value(0, 0), "event"));
  MOTCUA_ASSIGN_OR_RETURN(const records::Dossier current,
                          Parse<records::Dossier>(rows.value(0, 1), "dossier"));
  return storage::ReplayOf(applied, current, event);
}

records::Dossier PgStore::AppendDossier(const core::Dossier* before,
                                        core::Dossier& d,
                                        std::vector<core::DossierEvent>& events,
                                        core::Granularity g, WriteArrays* w,
                                        Stamps stamps) {
  const absl::Time now = options_.clock();
  int64_t version = before != nullptr ? before->version : 0;
  for (core::DossierEvent& event : events) {
    if (stamps == Stamps::kNow) {
      event.sequence = ++version;
      event.recorded_at = now;
    } else {
      version = event.sequence;
    }
    const records::Event stored = ToRecord(event);
    w->event_keys.push_back(keys::EventKey(d.code, event.sequence));
    w->event_values.push_back(Serialize(stored));
    // Instants are stored to the microsecond: the write answers with the
    // event as stored, as a read or a retry's replay would.
    event = FromRecord(stored);
  }
  d.version = version;
  records::Dossier record = ToRecord(d);
  if (before == nullptr) {
    w->new_codes.push_back(d.code);
    w->new_records.push_back(Serialize(record));
    w->new_versions.push_back(d.version);
  } else {
    w->updated_codes.push_back(d.code);
    w->updated_records.push_back(Serialize(record));
    w->read_versions.push_back(before->version);
    w->updated_versions.push_back(d.version);
  }
  // The dossier as stored from here on (see the RocksDB engine).
  d = FromRecord(record);

  std::map<std::string, std::string> old_index;
  if (before != nullptr) old_index = DossierIndexEntries(*before, g);
  const std::map<std::string, std::string> new_index =
      DossierIndexEntries(d, g);
  for (const auto& [key, value] : old_index) {
    if (new_index.count(key) == 0) w->deleted_index_keys.push_back(key);
  }
  for (const auto& [key, value] : new_index) {
    auto old = old_index.find(key);
    if (old == old_index.end() || old->second != value) {
      w->index_keys.push_back(key);
      w->index_values.push_back(value);
    }
  }
  for (const auto& [key, row] :
       CounterRowDeltas(core::CounterDeltas(before, d, g))) {
    w->counter_rows[key] += row;
  }
  return record;
}

DossierWrite PgStore::Prepare(const core::Dossier* before, core::Dossier d,
                              std::vector<core::DossierEvent> events,
                              const RequestKey& request, bool stale,
                              core::Granularity g, WriteArrays* w) {
  const records::Dossier record = AppendDossier(before, d, events, g, w);
  core::DossierEvent& event = events.back();
  if (!request.request_id.empty()) {
    // A concurrent write of the same id makes this insert fail (unique
    // key): the write is then run again and answers as a replay.
    w->request_ids.push_back(request.request_id);
    w->request_ats.push_back(absl::ToUnixMicros(event.recorded_at));
    w->requests.push_back(
        Serialize(MakeAppliedRequest(request, record, event)));
    if (stale) w->stale_request_ids.push_back(request.request_id);
  }
  return DossierWrite{std::move(d), std::move(event), /*replayed=*/false};
}

absl::StatusOr<DossierWrite> PgStore::Commit(
    PgConnection& connection, int slot, const core::Dossier* before,
    core::Dossier d, std::vector<core::DossierEvent> events,
    const RequestKey& request, const WriteStart& start) {
  if (events.empty()) return absl::InternalError("a write appends an event");
  WriteArrays w;
  w.settings_read = start.settings_record;
  DossierWrite done =
      Prepare(before, std::move(d), std::move(events), request,
              start.applied_expired, start.settings.rules.granularity, &w);
  MOTCUA_RETURN_IF_ERROR(WriteAndCommit(connection, w, slot, /*begin=*/false));
  return done;
}

absl::StatusOr<PgStore::WriteStart> PgStore::ReadForWrite(
    PgConnection& connection, const RequestKey& request,
    const std::string& target_sql, std::vector<std::string> target_params) {
  std::vector<std::string> params = {keys::SettingsKey(), request.request_id};
  for (std::string& p : target_params) params.push_back(std::move(p));
  MOTCUA_ASSIGN_OR_RETURN(
      const PgRows rows,
      connection.Query(
          absl::StrCat("SELECT (SELECT value FROM meta WHERE key = $1), "
                       "(SELECT record FROM requests WHERE id = $2), (",
                       target_sql, ")"),
          params));
  WriteStart start;
  if (!rows.null(0, 0)) {
    start.settings_record = std::string(rows.value(0, 0));
    MOTCUA_RETURN_IF_ERROR(ParseSettings(&start));
  }
  if (!request.request_id.empty() && !rows.null(0, 1)) {
    MOTCUA_ASSIGN_OR_RETURN(
        start.applied,
        CheckAppliedRequest(rows.value(0, 1), request, options_.clock(),
                            options_.request_id_retention));
    start.applied_expired = !start.applied.has_value();
  }
  if (!rows.null(0, 2)) start.target = std::string(rows.value(0, 2));
  return start;
}

absl::StatusOr<std::optional<DossierWrite>> PgStore::CreateGrouped(
    const std::string& agency_code, absl::CivilDay day,
    const RequestKey& request,
    const std::function<
        absl::StatusOr<core::DossierChange>(const std::string&)>& create,
    std::optional<NumbersInFlight::Hold>* held) {
  const std::string sequence_key = keys::SequenceKey(agency_code, day);
  MOTCUA_ASSIGN_OR_RETURN(const std::string prefix,
                          CodePrefix(agency_code, day));
  StripedLock::Hold sequence_lock(&sequence_locks_, sequence_key);
  // Before the read: a number no longer in flight was committed first, so
  // the read sees it.
  const int64_t in_flight = numbers_in_flight_.Highest(sequence_key);
  WriteStart start;
  {
    MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
    MOTCUA_ASSIGN_OR_RETURN(
        start, ReadForWrite(*lease, request,
                            "SELECT code FROM dossiers WHERE code >= $3 AND "
                            "code < $4 ORDER BY code DESC LIMIT 1",
                            {prefix, keys::PrefixEnd(prefix)}));
    if (start.applied.has_value()) {
      MOTCUA_RETURN_IF_ERROR(
          CheckSameTarget(*start.applied, request, "", agency_code));
      MOTCUA_ASSIGN_OR_RETURN(DossierWrite first,
                              ReplayOver(*lease, *start.applied));
      return std::optional<DossierWrite>(std::move(first));
    }
  }
  int64_t stored = 0;
  if (start.target.has_value()) {
    MOTCUA_ASSIGN_OR_RETURN(const core::DossierCode highest,
                            core::ParseDossierCode(*start.target));
    stored = highest.sequence;
  }
  const int64_t next = std::max(stored, in_flight) + 1;
  if (next > core::kMaxDailySequence) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "agency ", agency_code, " has used all ", core::kMaxDailySequence,
        " dossier numbers of ", absl::FormatCivilTime(day)));
  }
  held->emplace(&numbers_in_flight_, sequence_key, next);
  sequence_lock.Release();
  MOTCUA_ASSIGN_OR_RETURN(
      const std::string code,
      core::FormatDossierCode({agency_code, day, static_cast<int>(next)}));
  MOTCUA_ASSIGN_OR_RETURN(core::DossierChange mutation, create(code));
  if (mutation.dossier.code != code ||
      mutation.dossier.agency_code != agency_code) {
    return absl::InternalError(
        "a new dossier must keep the code and agency it was given");
  }
  WriteArrays w;
  w.settings_read = start.settings_record;
  DossierWrite done = Prepare(
      nullptr, std::move(mutation.dossier), {std::move(mutation.event)},
      request, start.applied_expired, start.settings.rules.granularity, &w);
  MOTCUA_ASSIGN_OR_RETURN(const bool written, WriteGrouped(std::move(w)));
  if (!written) return std::nullopt;
  return std::optional<DossierWrite>(std::move(done));
}

absl::StatusOr<std::optional<DossierWrite>> PgStore::UpdateGrouped(
    const std::string& code, const std::string& agency_code,
    const RequestKey& request,
    const std::function<
        absl::StatusOr<core::DossierChange>(const core::Dossier&)>& mutate) {
  WriteStart start;
  {
    MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
    MOTCUA_ASSIGN_OR_RETURN(
        start,
        ReadForWrite(*lease, request,
                     "SELECT record FROM dossiers WHERE code = $3", {code}));
    if (start.applied.has_value()) {
      MOTCUA_RETURN_IF_ERROR(
          CheckSameTarget(*start.applied, request, code, agency_code));
      MOTCUA_ASSIGN_OR_RETURN(DossierWrite first,
                              ReplayOver(*lease, *start.applied));
      return std::optional<DossierWrite>(std::move(first));
    }
  }
  if (!start.target.has_value()) {
    return absl::NotFoundError(absl::StrCat("dossier '", code, "' not found"));
  }
  MOTCUA_ASSIGN_OR_RETURN(const records::Dossier record,
                          Parse<records::Dossier>(*start.target, "dossier"));
  const core::Dossier before = FromRecord(record);
  MOTCUA_ASSIGN_OR_RETURN(core::DossierChange mutation, mutate(before));
  if (mutation.dossier.code != code ||
      mutation.dossier.agency_code != before.agency_code) {
    return absl::InternalError(
        "a dossier update must keep the dossier's code and agency");
  }
  WriteArrays w;
  w.settings_read = start.settings_record;
  DossierWrite done = Prepare(
      &before, std::move(mutation.dossier), {std::move(mutation.event)},
      request, start.applied_expired, start.settings.rules.granularity, &w);
  MOTCUA_ASSIGN_OR_RETURN(const bool written, WriteGrouped(std::move(w)));
  if (!written) return std::nullopt;
  return std::optional<DossierWrite>(std::move(done));
}

absl::StatusOr<DossierWrite> PgStore::CreateDossier(
    const std::string& agency_code, absl::CivilDay day,
    const RequestKey& request,
    const std::function<
        absl::StatusOr<core::DossierChange>(const std::string&)>& create) {
  MOTCUA_RETURN_IF_ERROR(ValidateRequest(request));
  MOTCUA_RETURN_IF_ERROR(core::ValidateAgencyCode(agency_code));
  StripedLock::Hold request_lock(&request_locks_, RequestLockKeys(request));
  std::optional<NumbersInFlight::Hold> held;
  MOTCUA_ASSIGN_OR_RETURN(
      std::optional<DossierWrite> grouped,
      CreateGrouped(agency_code, day, request, create, &held));
  if (grouped.has_value()) return *std::move(grouped);
  // Alone, holding the agency-day's numbers: this server's grouped
  // creations do not pick the number this one tries meanwhile.
  const std::string sequence_key = keys::SequenceKey(agency_code, day);
  StripedLock::Hold sequence_lock(&sequence_locks_, sequence_key);
  MOTCUA_ASSIGN_OR_RETURN(const std::string highest_sql,
                          HighestCodeSql(agency_code, day));
  int attempt = 0;
  return Transact<DossierWrite>([&](PgConnection& connection,
                                    int slot) -> absl::StatusOr<DossierWrite> {
    MOTCUA_ASSIGN_OR_RETURN(const WriteStart start,
                            BeginWrite(connection, request, highest_sql));
    if (start.applied.has_value()) {
      MOTCUA_RETURN_IF_ERROR(
          CheckSameTarget(*start.applied, request, "", agency_code));
      MOTCUA_ASSIGN_OR_RETURN(DossierWrite first,
                              ReplayOver(connection, *start.applied));
      connection.Rollback();
      return first;
    }
    int64_t stored = 0;
    if (start.locked.back().size() > 0) {
      MOTCUA_ASSIGN_OR_RETURN(
          const core::DossierCode highest,
          core::ParseDossierCode(start.locked.back().value(0, 0)));
      stored = highest.sequence;
    }
    // Past the stored codes and this server's creations in flight; a
    // number another server is writing makes the insert below fail on
    // the unique code, and the write runs again past it.
    // After two lost races, further past them: another server creating
    // for this agency and day without a pause always has the next number
    // in flight, and would win every race (this leaves a gap, if it does
    // not use the numbers skipped).
    int64_t next = std::max(stored, numbers_in_flight_.Highest(sequence_key)) +
                   1 + std::max(0, attempt++ - 2);
    // A grouped attempt's number, while no stored code passed it: a
    // conflict elsewhere in its group leaves no gap in the numbers.
    if (held.has_value() && held->number() > stored) next = held->number();
    if (next > core::kMaxDailySequence) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "agency ", agency_code, " has used all ", core::kMaxDailySequence,
          " dossier numbers of ", absl::FormatCivilTime(day)));
    }
    const NumbersInFlight::Hold in_flight(&numbers_in_flight_, sequence_key,
                                          next);
    MOTCUA_ASSIGN_OR_RETURN(
        const std::string code,
        core::FormatDossierCode({agency_code, day, static_cast<int>(next)}));
    MOTCUA_ASSIGN_OR_RETURN(core::DossierChange mutation, create(code));
    if (mutation.dossier.code != code ||
        mutation.dossier.agency_code != agency_code) {
      return absl::InternalError(
          "a new dossier must keep the code and agency it was given");
    }
    return Commit(connection, slot, nullptr, std::move(mutation.dossier),
                  {std::move(mutation.event)}, request, start);
  });
}

absl::StatusOr<DossierWrite> PgStore::ImportDossier(
    const std::string& code, const RequestKey& request,
    const std::function<absl::StatusOr<ImportedHistory>()>& build) {
  MOTCUA_RETURN_IF_ERROR(ValidateRequest(request));
  MOTCUA_ASSIGN_OR_RETURN(const core::DossierCode parsed,
                          core::ParseDossierCode(code));
  return Transact<DossierWrite>(
      [&](PgConnection& connection, int slot) -> absl::StatusOr<DossierWrite> {
        MOTCUA_ASSIGN_OR_RETURN(
            const WriteStart start,
            BeginWrite(connection, request,
                       absl::StrCat("SELECT EXISTS (SELECT 1 FROM dossiers "
                                    "WHERE code = ",
                                    ByteaLiteral(code), ")")));
        if (start.applied.has_value()) {
          MOTCUA_RETURN_IF_ERROR(CheckSameTarget(*start.applied, request, code,
                                                 parsed.agency_code));
          MOTCUA_ASSIGN_OR_RETURN(DossierWrite first,
                                  ReplayOver(connection, *start.applied));
          connection.Rollback();
          return first;
        }
        // A concurrent import of the code makes the insert fail on the
        // unique code; the write then runs again and ends here.
        if (start.locked.back().value(0, 0) == "t") {
          return absl::AlreadyExistsError(
              absl::StrCat("dossier '", code, "' already exists"));
        }
        MOTCUA_ASSIGN_OR_RETURN(ImportedHistory history, build());
        if (history.dossier.code != code ||
            history.dossier.agency_code != parsed.agency_code) {
          return absl::InvalidArgumentError(
              "an imported dossier's code must name its agency");
        }
        return Commit(connection, slot, nullptr, std::move(history.dossier),
                      std::move(history.events), request, start);
      });
}

absl::Status PgStore::ImportDossiers(std::vector<ImportedHistory> histories) {
  return WriteHistories(std::move(histories), Stamps::kNow);
}

absl::Status PgStore::WriteHistories(std::vector<ImportedHistory> histories,
                                     Stamps stamps) {
  std::vector<std::string> codes;
  for (const ImportedHistory& h : histories) {
    MOTCUA_ASSIGN_OR_RETURN(const core::DossierCode parsed,
                            core::ParseDossierCode(h.dossier.code));
    if (h.dossier.agency_code != parsed.agency_code) {
      return absl::InvalidArgumentError(absl::StrCat(
          "imported dossier '", h.dossier.code, "' must name its agency"));
    }
    if (h.events.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "imported dossier '", h.dossier.code, "' has no events"));
    }
    codes.push_back(h.dossier.code);
  }
  std::sort(codes.begin(), codes.end());
  const auto repeated = std::adjacent_find(codes.begin(), codes.end());
  if (repeated != codes.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("dossier '", *repeated, "' appears twice in the batch"));
  }
  if (histories.empty()) return absl::OkStatus();

  std::string code_list;
  for (const std::string& code : codes) {
    absl::StrAppend(&code_list, code_list.empty() ? "" : ", ",
                    ByteaLiteral(code));
  }
  const std::string lock_sql = absl::StrCat(
      "SELECT convert_from(code, 'UTF8') FROM dossiers WHERE code IN (",
      code_list, ") ORDER BY code LIMIT 1");
  return Transact<bool>(
             [&](PgConnection& connection, int slot) -> absl::StatusOr<bool> {
               MOTCUA_ASSIGN_OR_RETURN(const WriteStart start,
                                       BeginWrite(connection, {}, lock_sql));
               if (start.locked.back().size() > 0) {
                 return absl::AlreadyExistsError(
                     absl::StrCat("dossier '", start.locked.back().value(0, 0),
                                  "' already exists"));
               }
               WriteArrays w;
               w.settings_read = start.settings_record;
               // Copies: a retry starts again from the histories as given.
               for (const ImportedHistory& h : histories) {
                 core::Dossier d = h.dossier;
                 std::vector<core::DossierEvent> events = h.events;
                 AppendDossier(nullptr, d, events,
                               start.settings.rules.granularity, &w, stamps);
               }
               MOTCUA_RETURN_IF_ERROR(
                   WriteAndCommit(connection, w, slot, /*begin=*/false));
               return true;
             })
      .status();
}

absl::StatusOr<DossierWrite> PgStore::UpdateDossier(
    const std::string& code, const RequestKey& request,
    const std::function<
        absl::StatusOr<core::DossierChange>(const core::Dossier&)>& mutate) {
  MOTCUA_RETURN_IF_ERROR(ValidateRequest(request));
  // The code names its agency; an unparsable code cannot exist.
  absl::StatusOr<core::DossierCode> parsed = core::ParseDossierCode(code);
  if (!parsed.ok()) {
    return absl::NotFoundError(absl::StrCat("dossier '", code, "' not found"));
  }
  const std::string& target_agency = parsed->agency_code;
  StripedLock::Hold request_lock(&request_locks_, RequestLockKeys(request));
  StripedLock::Hold dossier_lock(&dossier_locks_, code);
  MOTCUA_ASSIGN_OR_RETURN(std::optional<DossierWrite> grouped,
                          UpdateGrouped(code, target_agency, request, mutate));
  if (grouped.has_value()) return *std::move(grouped);
  return Transact<DossierWrite>(
      [&](PgConnection& connection, int slot) -> absl::StatusOr<DossierWrite> {
        MOTCUA_ASSIGN_OR_RETURN(
            const WriteStart start,
            BeginWrite(connection, request,
                       absl::StrCat("SELECT record FROM dossiers WHERE code = ",
                                    ByteaLiteral(code), " FOR UPDATE")));
        if (start.applied.has_value()) {
          MOTCUA_RETURN_IF_ERROR(
              CheckSameTarget(*start.applied, request, code, target_agency));
          MOTCUA_ASSIGN_OR_RETURN(DossierWrite first,
                                  ReplayOver(connection, *start.applied));
          connection.Rollback();
          return first;
        }
        const PgRows& locked = start.locked.back();
        if (locked.size() == 0) {
          return absl::NotFoundError(
              absl::StrCat("dossier '", code, "' not found"));
        }
        MOTCUA_ASSIGN_OR_RETURN(const records::Dossier record,
                                DossierOfText(locked.value(0, 0)));
        const core::Dossier before = FromRecord(record);
        MOTCUA_ASSIGN_OR_RETURN(core::DossierChange mutation, mutate(before));
        if (mutation.dossier.code != code ||
            mutation.dossier.agency_code != before.agency_code) {
          return absl::InternalError(
              "a dossier update must keep the dossier's code and agency");
        }
        return Commit(connection, slot, &before, std::move(mutation.dossier),
                      {std::move(mutation.event)}, request, start);
      });
}

absl::StatusOr<std::optional<DossierWrite>> PgStore::FindAppliedRequest(
    const RequestKey& request) {
  if (request.request_id.empty()) return std::nullopt;
  MOTCUA_RETURN_IF_ERROR(ValidateRequest(request));
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  MOTCUA_ASSIGN_OR_RETURN(
      const PgRows rows,
      lease->Query("SELECT record FROM requests WHERE id = $1",
                   {request.request_id}));
  if (rows.size() == 0) return std::nullopt;
  MOTCUA_ASSIGN_OR_RETURN(
      const std::optional<records::AppliedRequest> applied,
      CheckAppliedRequest(rows.value(0, 0), request, options_.clock(),
                          options_.request_id_retention));
  if (!applied.has_value()) return std::nullopt;
  MOTCUA_ASSIGN_OR_RETURN(DossierWrite first, ReplayOver(*lease, *applied));
  return std::optional<DossierWrite>(std::move(first));
}

absl::StatusOr<core::Dossier> PgStore::GetDossier(const std::string& code) {
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  MOTCUA_ASSIGN_OR_RETURN(
      const PgRows rows,
      lease->Query("SELECT record FROM dossiers WHERE code = $1", {code}));
  if (rows.size() == 0) {
    return absl::NotFoundError(absl::StrCat("dossier '", code, "' not found"));
  }
  MOTCUA_ASSIGN_OR_RETURN(const records::Dossier record,
                          Parse<records::Dossier>(rows.value(0, 0), "dossier"));
  return FromRecord(record);
}

absl::StatusOr<std::vector<core::DossierEvent>> PgStore::GetHistory(
    const std::string& code) {
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  // One statement, one snapshot: the history matches the record's version.
  const std::string prefix = keys::EventPrefix(code);
  MOTCUA_ASSIGN_OR_RETURN(
      const PgRows rows,
      lease->Query("SELECT 0, code, record FROM dossiers WHERE code = $1 "
                   "UNION ALL SELECT 1, key, value FROM events WHERE key >= $2 "
                   "AND key < $3 ORDER BY 1, 2",
                   {code, prefix, keys::PrefixEnd(prefix)}));
  if (rows.size() == 0 || BigIntFromBinary(rows.value(0, 0)) != 0) {
    return absl::NotFoundError(absl::StrCat("dossier '", code, "' not found"));
  }
  std::vector<core::DossierEvent> events;
  records::Event event;
  for (int i = 1; i < rows.size(); ++i) {
    MOTCUA_RETURN_IF_ERROR(ParseInto(rows.value(i, 2), "event", &event));
    events.push_back(FromRecord(event));
  }
  return events;
}

absl::StatusOr<DossierPage> PgStore::ListDossiers(const DossierQuery& q) {
  MOTCUA_ASSIGN_OR_RETURN(const core::Settings settings, GetSettings());
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  return ListDossiersFrom(q, settings.rules, CursorsOver(*lease),
                          ReaderOver(*lease));
}

namespace {

// Runs `read` inside one read-only snapshot of `connection`.
template <typename T>
absl::StatusOr<T> InSnapshot(PgConnection& connection,
                             const std::function<absl::StatusOr<T>()>& read) {
  MOTCUA_RETURN_IF_ERROR(
      connection.Script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
          .status());
  absl::StatusOr<T> result = read();
  connection.Rollback();
  return result;
}

}  // namespace

absl::Status PgStore::ScanReceived(
    const core::Scope& scope, absl::CivilDay first, absl::CivilDay last,
    const std::function<bool(const core::Dossier&)>& visit) {
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  return InSnapshot<bool>(*lease,
                          [&]() -> absl::StatusOr<bool> {
                            MOTCUA_RETURN_IF_ERROR(ScanReceivedFrom(
                                scope, first, last, CursorsOver(*lease),
                                ReaderOver(*lease), visit));
                            return true;
                          })
      .status();
}

absl::StatusOr<CountedPage> PgStore::ListCounted(const CountedQuery& q) {
  MOTCUA_ASSIGN_OR_RETURN(const core::Settings settings, GetSettings());
  MOTCUA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  return InSnapshot<CountedPage>(*lease, [&] {
    return ListCountedFrom(q, settings.rules.granularity, CursorsOver(*lease),
                           ReaderOver(*lease));
  });
}

}  // namespace motcua::storage

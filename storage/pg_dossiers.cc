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
namespace {

// The statement that takes `sequence_key`'s row lock, creating the row
// first when missing (a concurrent creator then waits for this one).
std::string LockSequenceSql(const std::string& sequence_key) {
  const std::string k = ByteaLiteral(sequence_key);
  return absl::StrCat("INSERT INTO sequences (key, last) VALUES (", k,
                      ", 0) ON CONFLICT (key) DO NOTHING; ");
}

absl::StatusOr<int64_t> IntOf(absl::string_view text) {
  int64_t v = 0;
  if (!absl::SimpleAtoi(text, &v)) {
    return absl::DataLossError("a stored number is unreadable");
  }
  return v;
}

absl::StatusOr<records::Dossier> DossierOfText(absl::string_view text) {
  MOTCUA_ASSIGN_OR_RETURN(const std::string bytes, DecodeByteaText(text));
  return Parse<records::Dossier>(bytes, "dossier");
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
  return absl::AbortedError(absl::StrCat(
      "the write lost ", kAttempts, " races in a row; try again (",
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
      ByteaLiteral(keys::SettingsKey()), "; ");
  if (!request.request_id.empty()) {
    absl::StrAppend(&sql, "SELECT record FROM requests WHERE id = ",
                    ByteaLiteral(request.request_id), "; ");
  }
  sql += lock_sql;
  MOTCUA_ASSIGN_OR_RETURN(std::vector<PgRows> results, connection.Script(sql));
  WriteStart start;
  const PgRows& settings = results[2];
  if (settings.size() > 0) {
    MOTCUA_ASSIGN_OR_RETURN(const std::string bytes,
                            DecodeByteaText(settings.value(0, 0)));
    MOTCUA_ASSIGN_OR_RETURN(const records::Settings record,
                            Parse<records::Settings>(bytes, "settings"));
    MOTCUA_ASSIGN_OR_RETURN(start.settings, FromRecord(record));
  }
  size_t next = 3;
  if (!request.request_id.empty()) {
    const PgRows& applied = results[next++];
    if (applied.size() > 0) {
      MOTCUA_ASSIGN_OR_RETURN(const std::string bytes,
                              DecodeByteaText(applied.value(0, 0)));
      MOTCUA_ASSIGN_OR_RETURN(
          start.applied,
          CheckAppliedRequest(bytes, request, options_.clock(),
                              options_.request_id_retention));
      start.applied_expired = !start.applied.has_value();
    }
  }
  for (; next < results.size(); ++next) {
    start.locked.push_back(std::move(results[next]));
  }
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
  MOTCUA_ASSIGN_OR_RETURN(
      const records::Dossier current,
      Parse<records::Dossier>(rows.value(0, 1), "dossier"));
  return storage::ReplayOf(applied, current, event);
}

records::Dossier PgStore::AppendDossier(
    const core::Dossier* before, core::Dossier& d,
    std::vector<core::DossierEvent>& events, core::Granularity g,
    std::string* sql, std::map<std::string, core::CounterRow>* counter_rows) {
  const absl::Time now = options_.clock();
  int64_t version = before != nullptr ? before->version : 0;
  std::string values;
  for (core::DossierEvent& event : events) {
    event.sequence = ++version;
    event.recorded_at = now;
    const records::Event stored = ToRecord(event);
    absl::StrAppend(&values, values.empty() ? "" : ", ", "(",
                    ByteaLiteral(keys::EventKey(d.code, event.sequence)), ", ",
                    ByteaLiteral(Serialize(stored)), ")");
    // Instants are stored to the microsecond: the write answers with the
    // event as stored, as a read or a retry's replay would.
    event = FromRecord(stored);
  }
  if (!values.empty()) {
    absl::StrAppend(sql, "INSERT INTO events (key, value) VALUES ", values,
                    "; ");
  }
  d.version = version;
  records::Dossier record = ToRecord(d);
  const std::string code = ByteaLiteral(d.code);
  const std::string bytes = ByteaLiteral(Serialize(record));
  if (before == nullptr) {
    absl::StrAppend(sql, "INSERT INTO dossiers (code, record) VALUES (", code,
                    ", ", bytes, "); ");
  } else {
    absl::StrAppend(sql, "UPDATE dossiers SET record = ", bytes,
                    " WHERE code = ", code, "; ");
  }
  // The dossier as stored from here on (see the RocksDB engine).
  d = FromRecord(record);

  std::map<std::string, std::string> old_index;
  if (before != nullptr) old_index = DossierIndexEntries(*before, g);
  const std::map<std::string, std::string> new_index =
      DossierIndexEntries(d, g);
  std::string deleted, put;
  for (const auto& [key, value] : old_index) {
    if (new_index.count(key) == 0) {
      absl::StrAppend(&deleted, deleted.empty() ? "" : ", ",
                      ByteaLiteral(key));
    }
  }
  for (const auto& [key, value] : new_index) {
    auto old = old_index.find(key);
    if (old == old_index.end() || old->second != value) {
      absl::StrAppend(&put, put.empty() ? "" : ", ", "(", ByteaLiteral(key),
                      ", ", ByteaLiteral(value), ")");
    }
  }
  if (!deleted.empty()) {
    absl::StrAppend(sql, "DELETE FROM indexes WHERE key IN (", deleted, "); ");
  }
  if (!put.empty()) {
    absl::StrAppend(sql, "INSERT INTO indexes (key, value) VALUES ", put,
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value; ");
  }
  for (const auto& [key, row] :
       CounterRowDeltas(core::CounterDeltas(before, d, g))) {
    (*counter_rows)[key] += row;
  }
  return record;
}

std::string PgStore::CounterSql(
    const std::map<std::string, core::CounterRow>& counter_rows, int slot) {
  std::string values;
  for (const auto& [key, row] : counter_rows) {
    if (row.IsZero()) continue;
    std::string counts;
    for (int64_t v : row.values) {
      absl::StrAppend(&counts, counts.empty() ? "" : ",", v);
    }
    absl::StrAppend(&values, values.empty() ? "" : ", ", "(",
                    ByteaLiteral(key), ", ", slot, ", '{", counts, "}')");
  }
  if (values.empty()) return "";
  // Rows in key order: two writes lock shared rows in the same order.
  return absl::StrCat(
      "INSERT INTO counters (key, slot, counts) VALUES ", values,
      " ON CONFLICT (key, slot) DO UPDATE SET counts = "
      "motcua_add(counters.counts, excluded.counts); ");
}

absl::StatusOr<DossierWrite> PgStore::Commit(
    PgConnection& connection, int slot, const core::Dossier* before,
    core::Dossier d, std::vector<core::DossierEvent> events,
    const RequestKey& request, const WriteStart& start,
    const std::string& extra_sql) {
  if (events.empty()) return absl::InternalError("a write appends an event");
  std::string sql = extra_sql;
  std::map<std::string, core::CounterRow> counter_rows;
  const records::Dossier record = AppendDossier(
      before, d, events, start.settings.rules.granularity, &sql, &counter_rows);
  sql += CounterSql(counter_rows, slot);
  core::DossierEvent& event = events.back();
  if (!request.request_id.empty()) {
    const std::string id = ByteaLiteral(request.request_id);
    if (start.applied_expired) {
      absl::StrAppend(&sql, "DELETE FROM requests WHERE id = ", id, "; ");
    }
    // A concurrent write of the same id makes this insert fail (unique
    // key): the write is then run again and answers as a replay.
    absl::StrAppend(
        &sql, "INSERT INTO requests (id, applied_at, record) VALUES (", id,
        ", ", absl::ToUnixMicros(event.recorded_at), ", ",
        ByteaLiteral(Serialize(MakeAppliedRequest(request, record, event))),
        "); ");
  }
  sql += "COMMIT";
  MOTCUA_RETURN_IF_ERROR(connection.Script(sql).status());
  return DossierWrite{std::move(d), std::move(event), /*replayed=*/false};
}

absl::StatusOr<DossierWrite> PgStore::CreateDossier(
    const std::string& agency_code, absl::CivilDay day,
    const RequestKey& request,
    const std::function<
        absl::StatusOr<core::DossierChange>(const std::string&)>& create) {
  MOTCUA_RETURN_IF_ERROR(ValidateRequest(request));
  MOTCUA_RETURN_IF_ERROR(core::ValidateAgencyCode(agency_code));
  const std::string sequence_key = keys::SequenceKey(agency_code, day);
  return Transact<DossierWrite>(
      [&](PgConnection& connection, int slot) -> absl::StatusOr<DossierWrite> {
        MOTCUA_ASSIGN_OR_RETURN(
            const WriteStart start,
            BeginWrite(connection, request,
                       absl::StrCat(LockSequenceSql(sequence_key),
                                    "SELECT last FROM sequences WHERE key = ",
                                    ByteaLiteral(sequence_key),
                                    " FOR UPDATE")));
        if (start.applied.has_value()) {
          MOTCUA_RETURN_IF_ERROR(
              CheckSameTarget(*start.applied, request, "", agency_code));
          MOTCUA_ASSIGN_OR_RETURN(DossierWrite first,
                                  ReplayOver(connection, *start.applied));
          connection.Rollback();
          return first;
        }
        MOTCUA_ASSIGN_OR_RETURN(int64_t next,
                                IntOf(start.locked.back().value(0, 0)));
        // The next free number: a sequence behind its dossiers (after
        // damage) must never hand out a number in use.
        std::string code;
        for (;;) {
          if (++next > core::kMaxDailySequence) {
            return absl::ResourceExhaustedError(absl::StrCat(
                "agency ", agency_code, " has used all ",
                core::kMaxDailySequence, " dossier numbers of ",
                absl::FormatCivilTime(day)));
          }
          MOTCUA_ASSIGN_OR_RETURN(
              std::string candidate,
              core::FormatDossierCode(
                  {agency_code, day, static_cast<int>(next)}));
          MOTCUA_ASSIGN_OR_RETURN(
              const PgRows taken,
              connection.Query("SELECT 1 FROM dossiers WHERE code = $1",
                               {candidate}));
          if (taken.size() == 0) {
            code = std::move(candidate);
            break;
          }
        }
        MOTCUA_ASSIGN_OR_RETURN(core::DossierChange mutation, create(code));
        if (mutation.dossier.code != code ||
            mutation.dossier.agency_code != agency_code) {
          return absl::InternalError(
              "a new dossier must keep the code and agency it was given");
        }
        return Commit(connection, slot, nullptr, std::move(mutation.dossier),
                      {std::move(mutation.event)}, request, start,
                      absl::StrCat("UPDATE sequences SET last = ", next,
                                   " WHERE key = ", ByteaLiteral(sequence_key),
                                   "; "));
      });
}

absl::StatusOr<DossierWrite> PgStore::ImportDossier(
    const std::string& code, const RequestKey& request,
    const std::function<absl::StatusOr<ImportedHistory>()>& build) {
  MOTCUA_RETURN_IF_ERROR(ValidateRequest(request));
  MOTCUA_ASSIGN_OR_RETURN(const core::DossierCode parsed,
                          core::ParseDossierCode(code));
  const std::string sequence_key =
      keys::SequenceKey(parsed.agency_code, parsed.reception_day);
  return Transact<DossierWrite>(
      [&](PgConnection& connection, int slot) -> absl::StatusOr<DossierWrite> {
        MOTCUA_ASSIGN_OR_RETURN(
            const WriteStart start,
            BeginWrite(
                connection, request,
                absl::StrCat(
                    LockSequenceSql(sequence_key),
                    "SELECT last, EXISTS (SELECT 1 FROM dossiers WHERE code = ",
                    ByteaLiteral(code), ") FROM sequences WHERE key = ",
                    ByteaLiteral(sequence_key), " FOR UPDATE")));
        if (start.applied.has_value()) {
          MOTCUA_RETURN_IF_ERROR(CheckSameTarget(*start.applied, request, code,
                                                 parsed.agency_code));
          MOTCUA_ASSIGN_OR_RETURN(DossierWrite first,
                                  ReplayOver(connection, *start.applied));
          connection.Rollback();
          return first;
        }
        const PgRows& locked = start.locked.back();
        if (locked.value(0, 1) == "t") {
          return absl::AlreadyExistsError(
              absl::StrCat("dossier '", code, "' already exists"));
        }
        MOTCUA_ASSIGN_OR_RETURN(const int64_t last, IntOf(locked.value(0, 0)));
        MOTCUA_ASSIGN_OR_RETURN(ImportedHistory history, build());
        if (history.dossier.code != code ||
            history.dossier.agency_code != parsed.agency_code) {
          return absl::InvalidArgumentError(
              "an imported dossier's code must name its agency");
        }
        std::string raise;
        if (parsed.sequence > last) {
          raise = absl::StrCat("UPDATE sequences SET last = ", parsed.sequence,
                               " WHERE key = ", ByteaLiteral(sequence_key),
                               "; ");
        }
        return Commit(connection, slot, nullptr, std::move(history.dossier),
                      std::move(history.events), request, start, raise);
      });
}

absl::Status PgStore::ImportDossiers(std::vector<ImportedHistory> histories) {
  std::vector<std::string> codes;
  std::map<std::string, int64_t> sequences;  // key -> highest number used
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
    int64_t& highest =
        sequences[keys::SequenceKey(parsed.agency_code, parsed.reception_day)];
    highest = std::max<int64_t>(highest, parsed.sequence);
    codes.push_back(h.dossier.code);
  }
  std::sort(codes.begin(), codes.end());
  const auto repeated = std::adjacent_find(codes.begin(), codes.end());
  if (repeated != codes.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("dossier '", *repeated, "' appears twice in the batch"));
  }
  if (histories.empty()) return absl::OkStatus();

  std::string lock_sql, sequence_list, code_list, raise;
  for (const auto& [key, highest] : sequences) {
    lock_sql += LockSequenceSql(key);
    absl::StrAppend(&sequence_list, sequence_list.empty() ? "" : ", ",
                    ByteaLiteral(key));
    absl::StrAppend(&raise, "UPDATE sequences SET last = greatest(last, ",
                    highest, ") WHERE key = ", ByteaLiteral(key), "; ");
  }
  for (const std::string& code : codes) {
    absl::StrAppend(&code_list, code_list.empty() ? "" : ", ",
                    ByteaLiteral(code));
  }
  absl::StrAppend(&lock_sql, "SELECT key FROM sequences WHERE key IN (",
                  sequence_list, ") ORDER BY key FOR UPDATE; ",
                  "SELECT convert_from(code, 'UTF8') FROM dossiers WHERE code "
                  "IN (",
                  code_list, ") ORDER BY code LIMIT 1");
  return Transact<bool>([&](PgConnection& connection,
                            int slot) -> absl::StatusOr<bool> {
           MOTCUA_ASSIGN_OR_RETURN(const WriteStart start,
                                   BeginWrite(connection, {}, lock_sql));
           if (start.locked.back().size() > 0) {
             return absl::AlreadyExistsError(
                 absl::StrCat("dossier '", start.locked.back().value(0, 0),
                              "' already exists"));
           }
           std::string sql = raise;
           std::map<std::string, core::CounterRow> counter_rows;
           // Copies: a retry starts again from the histories as given.
           for (const ImportedHistory& h : histories) {
             core::Dossier d = h.dossier;
             std::vector<core::DossierEvent> events = h.events;
             AppendDossier(nullptr, d, events,
                           start.settings.rules.granularity, &sql,
                           &counter_rows);
           }
           sql += CounterSql(counter_rows, slot);
           sql += "COMMIT";
           MOTCUA_RETURN_IF_ERROR(connection.Script(sql).status());
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
  return Transact<DossierWrite>(
      [&](PgConnection& connection, int slot) -> absl::StatusOr<DossierWrite> {
        MOTCUA_ASSIGN_OR_RETURN(
            const WriteStart start,
            BeginWrite(connection, request,
                       absl::StrCat("SELECT record FROM dossiers WHERE code = ",
                                    ByteaLiteral(code), " FOR UPDATE")));
        if (start.applied.has_value()) {
          MOTCUA_RETURN_IF_ERROR(CheckSameTarget(*start.applied, request, code,
                                                 target_agency));
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
                      {std::move(mutation.event)}, request, start, "");
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
  return InSnapshot<bool>(*lease, [&]() -> absl::StatusOr<bool> {
           MOTCUA_RETURN_IF_ERROR(ScanReceivedFrom(scope, first, last,
                                                   CursorsOver(*lease),
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

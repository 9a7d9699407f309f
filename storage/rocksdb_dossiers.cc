// The RocksDB engine: dossier writes, reads and listings.
#include <algorithm>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "storage/applied_requests.h"
#include "storage/counter_row_codec.h"
#include "storage/dossier_listing.h"
#include "storage/keys.h"
#include "storage/layout.h"
#include "storage/paging.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store_impl.h"
#include "storage/sequence_merge_operator.h"

namespace motcua::storage {
namespace {}  // namespace

absl::StatusOr<core::Dossier> RocksDbStore::ReadDossier(
    const std::string& code, const rocksdb::Snapshot* snapshot) {
  MOTCUA_ASSIGN_OR_RETURN(
      const std::string bytes,
      Get(kDossiers, code, absl::StrCat("dossier '", code, "'"), snapshot));
  MOTCUA_ASSIGN_OR_RETURN(const records::Dossier record,
                          Parse<records::Dossier>(bytes, "dossier"));
  return FromRecord(record);
}

absl::StatusOr<std::vector<core::Dossier>> RocksDbStore::ReadDossiers(
    const std::vector<std::string>& codes, const rocksdb::Snapshot* snapshot) {
  std::vector<rocksdb::Slice> keys(codes.begin(), codes.end());
  std::vector<rocksdb::PinnableSlice> values(codes.size());
  std::vector<rocksdb::Status> statuses(codes.size());
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  db_->MultiGet(read, cf(kDossiers), keys.size(), keys.data(), values.data(),
                statuses.data());
  std::vector<core::Dossier> out;
  out.reserve(codes.size());
  records::Dossier record;
  for (size_t i = 0; i < codes.size(); ++i) {
    if (statuses[i].IsNotFound()) {
      return absl::DataLossError(absl::StrCat(
          "an index names dossier '", codes[i], "', which is not stored"));
    }
    if (!statuses[i].ok()) return FromRocksDb(statuses[i], "reading dossiers");
    MOTCUA_RETURN_IF_ERROR(
        ParseInto(absl::string_view(values[i].data(), values[i].size()),
                  "dossier", &record));
    out.push_back(FromRecord(record));
  }
  return out;
}

absl::StatusOr<std::optional<records::AppliedRequest>>
RocksDbStore::ReadAppliedRequest(const RequestKey& request) {
  absl::StatusOr<std::string> bytes =
      Get(kRequests, request.request_id, "request");
  if (absl::IsNotFound(bytes.status())) return std::nullopt;
  if (!bytes.ok()) return bytes.status();
  return CheckAppliedRequest(*bytes, request, options_.clock(),
                             options_.request_id_retention);
}

absl::StatusOr<DossierWrite> RocksDbStore::ReplayOf(
    const records::AppliedRequest& applied) {
  MOTCUA_ASSIGN_OR_RETURN(
      const std::string event_bytes,
      Get(kEvents,
          keys::EventKey(applied.dossier_code(), applied.event_sequence()),
          "event"));
  MOTCUA_ASSIGN_OR_RETURN(const records::Event event,
                          Parse<records::Event>(event_bytes, "event"));
  MOTCUA_ASSIGN_OR_RETURN(
      const std::string current_bytes,
      Get(kDossiers, applied.dossier_code(),
          absl::StrCat("dossier '", applied.dossier_code(), "'")));
  MOTCUA_ASSIGN_OR_RETURN(const records::Dossier current,
                          Parse<records::Dossier>(current_bytes, "dossier"));
  return storage::ReplayOf(applied, current, event);
}

std::vector<std::string> RocksDbStore::RequestLockKeys(
    const RequestKey& request) {
  if (request.request_id.empty()) return {};
  return {request.request_id};
}

absl::StatusOr<std::optional<DossierWrite>> RocksDbStore::BeginRequest(
    const RequestKey& request, absl::string_view target_code,
    absl::string_view target_agency) {
  if (request.request_id.empty()) return std::nullopt;
  if (absent_request_ids_.KnownAbsent(request.request_id)) return std::nullopt;
  MOTCUA_ASSIGN_OR_RETURN(const std::optional<records::AppliedRequest> applied,
                          ReadAppliedRequest(request));
  if (!applied.has_value()) return std::nullopt;
  MOTCUA_RETURN_IF_ERROR(
      CheckSameTarget(*applied, request, target_code, target_agency));
  MOTCUA_ASSIGN_OR_RETURN(DossierWrite first, ReplayOf(*applied));
  return std::optional<DossierWrite>(std::move(first));
}

absl::StatusOr<std::optional<DossierWrite>> RocksDbStore::FindAppliedRequest(
    const RequestKey& request) {
  if (request.request_id.empty()) return std::nullopt;
  MOTCUA_RETURN_IF_ERROR(ValidateRequest(request));
  // Taken before the read: a write with this id that commits after it
  // makes the note below stale (AbsentRequestIds).
  const uint64_t commits =
      absent_request_ids_.CommitsBefore(request.request_id);
  MOTCUA_ASSIGN_OR_RETURN(const std::optional<records::AppliedRequest> applied,
                          ReadAppliedRequest(request));
  if (!applied.has_value()) {
    absent_request_ids_.NoteAbsent(request.request_id, commits);
    return std::nullopt;
  }
  MOTCUA_ASSIGN_OR_RETURN(DossierWrite first, ReplayOf(*applied));
  return std::optional<DossierWrite>(std::move(first));
}

absl::StatusOr<int64_t> RocksDbStore::ReadSequence(const std::string& key) {
  absl::StatusOr<std::string> stored = Get(kDefault, key, "dossier sequence");
  if (absl::IsNotFound(stored.status())) return 0;
  if (!stored.ok()) return stored.status();
  int64_t last = 0;
  if (!DecodeSequenceNumber(*stored, &last)) {
    return absl::DataLossError("stored dossier sequence is corrupt");
  }
  return last;
}

records::Dossier RocksDbStore::AppendDossier(
    const core::Dossier* before, core::Dossier& d,
    std::vector<core::DossierEvent>& events, rocksdb::WriteBatch* batch,
    std::map<std::string, core::CounterRow>* counter_rows, Stamps stamps) {
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
    batch->Put(cf(kEvents), keys::EventKey(d.code, event.sequence),
               Serialize(stored));
    // Instants are stored to the microsecond: the write answers with the
    // event as stored, as a read or a retry's replay would.
    event = FromRecord(stored);
  }
  d.version = version;
  records::Dossier record = ToRecord(d);
  batch->Put(cf(kDossiers), d.code, Serialize(record));
  // The dossier as stored from here on: its indexes, its counters and the
  // answer are what a reader, a replay and Verify's recount will find.
  d = FromRecord(record);

  const core::Granularity g = granularity();
  std::map<std::string, std::string> old_index;
  if (before != nullptr) old_index = DossierIndexEntries(*before, g);
  const std::map<std::string, std::string> new_index =
      DossierIndexEntries(d, g);
  for (const auto& [key, value] : old_index) {
    if (new_index.count(key) == 0) batch->Delete(cf(kIndexes), key);
  }
  for (const auto& [key, value] : new_index) {
    auto old = old_index.find(key);
    if (old == old_index.end() || old->second != value) {
      batch->Put(cf(kIndexes), key, value);
    }
  }
  for (const auto& [key, row] :
       CounterRowDeltas(core::CounterDeltas(before, d, g))) {
    (*counter_rows)[key] += row;
  }
  return record;
}

absl::StatusOr<DossierWrite> RocksDbStore::Commit(
    const core::Dossier* before, core::Dossier d,
    std::vector<core::DossierEvent> events, const RequestKey& request,
    rocksdb::WriteBatch* batch) {
  if (events.empty()) return absl::InternalError("a write appends an event");
  std::map<std::string, core::CounterRow> counter_rows;
  const records::Dossier record =
      AppendDossier(before, d, events, batch, &counter_rows);
  core::DossierEvent& event = events.back();
  if (!request.request_id.empty()) {
    batch->Put(cf(kRequests), request.request_id,
               Serialize(MakeAppliedRequest(request, record, event)));
  }
  const absl::Status written = Write(batch, counter_rows);
  // Written or not, an earlier "not applied" of this id's slot may be stale.
  if (!request.request_id.empty()) {
    absent_request_ids_.NoteCommitted(request.request_id);
  }
  MOTCUA_RETURN_IF_ERROR(written);
  return DossierWrite{std::move(d), std::move(event), /*replayed=*/false};
}

absl::StatusOr<DossierWrite> RocksDbStore::CreateDossier(
    const std::string& agency_code, absl::CivilDay day,
    const RequestKey& request,
    const std::function<
        absl::StatusOr<core::DossierChange>(const std::string&)>& create) {
  MOTCUA_RETURN_IF_ERROR(ValidateRequest(request));
  MOTCUA_RETURN_IF_ERROR(core::ValidateAgencyCode(agency_code));

  absl::ReaderMutexLock writers(&writers_);
  StripedLock::Hold request_lock(&request_locks_, RequestLockKeys(request));
  MOTCUA_ASSIGN_OR_RETURN(std::optional<DossierWrite> first,
                          BeginRequest(request, "", agency_code));
  if (first.has_value()) return *std::move(first);

  const std::string sequence_key = keys::SequenceKey(agency_code, day);
  StripedLock::Hold sequence_lock(&sequence_locks_, sequence_key);
  MOTCUA_ASSIGN_OR_RETURN(const int64_t last, ReadSequence(sequence_key));
  // The next free number: a sequence that lagged behind its dossiers (after
  // damage, or a power loss without synced writes) must never hand out a
  // number in use.
  int64_t next = std::max(last, numbers_in_flight_.Highest(sequence_key));
  std::string code;
  for (;;) {
    if (++next > core::kMaxDailySequence) {
      return absl::ResourceExhaustedError(absl::StrCat(
          "agency ", agency_code, " has used all ", core::kMaxDailySequence,
          " dossier numbers of ", absl::FormatCivilTime(day)));
    }
    MOTCUA_ASSIGN_OR_RETURN(
        std::string candidate,
        core::FormatDossierCode({agency_code, day, static_cast<int>(next)}));
    absl::StatusOr<std::string> taken = Get(kDossiers, candidate, "dossier");
    if (absl::IsNotFound(taken.status())) {
      code = std::move(candidate);
      break;
    }
    if (!taken.ok()) return taken.status();
  }
  StripedLock::Hold dossier_lock(&dossier_locks_, code);
  MOTCUA_ASSIGN_OR_RETURN(core::DossierChange mutation, create(code));
  if (mutation.dossier.code != code ||
      mutation.dossier.agency_code != agency_code) {
    return absl::InternalError(
        "a new dossier must keep the code and agency it was given");
  }
  // The number is taken: the next receive of this agency and day may pick
  // the following one while this write waits for its sync. The dossier lock,
  // still held, keeps an import of the same code waiting until it is written.
  const NumbersInFlight::Hold in_flight(&numbers_in_flight_, sequence_key,
                                        next);
  sequence_lock.Release();
  rocksdb::WriteBatch batch;
  batch.Merge(cf(kDefault), sequence_key, EncodeSequenceNumber(next));
  return Commit(nullptr, std::move(mutation.dossier),
                {std::move(mutation.event)}, request, &batch);
}

absl::StatusOr<DossierWrite> RocksDbStore::ImportDossier(
    const std::string& code, const RequestKey& request,
    const std::function<absl::StatusOr<ImportedHistory>()>& build) {
  MOTCUA_RETURN_IF_ERROR(ValidateRequest(request));
  MOTCUA_ASSIGN_OR_RETURN(const core::DossierCode parsed,
                          core::ParseDossierCode(code));

  absl::ReaderMutexLock writers(&writers_);
  StripedLock::Hold request_lock(&request_locks_, RequestLockKeys(request));
  MOTCUA_ASSIGN_OR_RETURN(std::optional<DossierWrite> first,
                          BeginRequest(request, code, parsed.agency_code));
  if (first.has_value()) return *std::move(first);

  const std::string sequence_key =
      keys::SequenceKey(parsed.agency_code, parsed.reception_day);
  StripedLock::Hold sequence_lock(&sequence_locks_, sequence_key);
  StripedLock::Hold dossier_lock(&dossier_locks_, code);
  absl::StatusOr<std::string> existing =
      Get(kDossiers, code, absl::StrCat("dossier '", code, "'"));
  if (existing.ok()) {
    return absl::AlreadyExistsError(
        absl::StrCat("dossier '", code, "' already exists"));
  }
  if (!absl::IsNotFound(existing.status())) return existing.status();
  MOTCUA_ASSIGN_OR_RETURN(const int64_t last, ReadSequence(sequence_key));
  MOTCUA_ASSIGN_OR_RETURN(ImportedHistory history, build());
  if (history.dossier.code != code ||
      history.dossier.agency_code != parsed.agency_code) {
    return absl::InvalidArgumentError(
        "an imported dossier's code must name its agency");
  }
  rocksdb::WriteBatch batch;
  if (parsed.sequence > last) {
    batch.Merge(cf(kDefault), sequence_key,
                EncodeSequenceNumber(parsed.sequence));
  }
  return Commit(nullptr, std::move(history.dossier), std::move(history.events),
                request, &batch);
}

absl::Status RocksDbStore::ImportDossiers(
    std::vector<ImportedHistory> histories) {
  return WriteHistories(std::move(histories), Stamps::kNow);
}

absl::Status RocksDbStore::WriteHistories(
    std::vector<ImportedHistory> histories, Stamps stamps) {
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

  absl::ReaderMutexLock writers(&writers_);
  std::vector<std::string> sequence_keys;
  for (const auto& entry : sequences) sequence_keys.push_back(entry.first);
  StripedLock::Hold sequence_lock(&sequence_locks_, sequence_keys);
  StripedLock::Hold dossier_lock(&dossier_locks_, codes);

  std::vector<rocksdb::Slice> slices(codes.begin(), codes.end());
  std::vector<rocksdb::PinnableSlice> values(slices.size());
  std::vector<rocksdb::Status> statuses(slices.size());
  db_->MultiGet(rocksdb::ReadOptions(), cf(kDossiers), slices.size(),
                slices.data(), values.data(), statuses.data());
  for (size_t i = 0; i < codes.size(); ++i) {
    if (statuses[i].ok()) {
      return absl::AlreadyExistsError(
          absl::StrCat("dossier '", codes[i], "' already exists"));
    }
    if (!statuses[i].IsNotFound()) {
      return FromRocksDb(statuses[i], "reading dossiers");
    }
  }
  rocksdb::WriteBatch batch;
  for (const auto& [key, highest] : sequences) {
    MOTCUA_ASSIGN_OR_RETURN(const int64_t last, ReadSequence(key));
    if (highest > last) {
      batch.Merge(cf(kDefault), key, EncodeSequenceNumber(highest));
    }
  }
  std::map<std::string, core::CounterRow> counter_rows;
  for (ImportedHistory& h : histories) {
    AppendDossier(nullptr, h.dossier, h.events, &batch, &counter_rows, stamps);
  }
  return Write(&batch, counter_rows);
}

absl::StatusOr<DossierWrite> RocksDbStore::UpdateDossier(
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
  absl::ReaderMutexLock writers(&writers_);
  StripedLock::Hold request_lock(&request_locks_, RequestLockKeys(request));
  MOTCUA_ASSIGN_OR_RETURN(std::optional<DossierWrite> first,
                          BeginRequest(request, code, target_agency));
  if (first.has_value()) return *std::move(first);

  StripedLock::Hold dossier_lock(&dossier_locks_, code);
  MOTCUA_ASSIGN_OR_RETURN(const core::Dossier before, ReadDossier(code));
  MOTCUA_ASSIGN_OR_RETURN(core::DossierChange mutation, mutate(before));
  if (mutation.dossier.code != code ||
      mutation.dossier.agency_code != before.agency_code) {
    return absl::InternalError(
        "a dossier update must keep the dossier's code and agency");
  }
  rocksdb::WriteBatch batch;
  return Commit(&before, std::move(mutation.dossier),
                {std::move(mutation.event)}, request, &batch);
}

absl::StatusOr<core::Dossier> RocksDbStore::GetDossier(
    const std::string& code) {
  return ReadDossier(code);
}

absl::StatusOr<std::vector<core::DossierEvent>> RocksDbStore::GetHistory(
    const std::string& code) {
  // One snapshot, so the history matches the record's version.
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  absl::StatusOr<core::Dossier> dossier = ReadDossier(code, snapshot);
  std::vector<core::DossierEvent> events;
  absl::Status s = dossier.status();
  if (s.ok()) {
    s = ScanPrefix(
        kEvents, keys::EventPrefix(code),
        [&](absl::string_view, absl::string_view value) -> absl::Status {
          MOTCUA_ASSIGN_OR_RETURN(const records::Event e,
                                  Parse<records::Event>(value, "event"));
          events.push_back(FromRecord(e));
          return absl::OkStatus();
        },
        snapshot);
  }
  db_->ReleaseSnapshot(snapshot);
  if (!s.ok()) return s;
  return events;
}

absl::StatusOr<DossierPage> RocksDbStore::ListDossiers(const DossierQuery& q) {
  const core::DomainRules rules = GetSettings()->rules;
  return ListDossiersFrom(q, rules, IndexCursorsAt(nullptr),
                          [this](const std::vector<std::string>& codes) {
                            return ReadDossiers(codes);
                          });
}

absl::Status RocksDbStore::ScanReceived(
    const core::Scope& scope, absl::CivilDay first, absl::CivilDay last,
    const std::function<bool(const core::Dossier&)>& visit) {
  const ScopedSnapshot scoped(db_.get());
  const rocksdb::Snapshot* snapshot = scoped.get();
  return ScanReceivedFrom(
      scope, first, last, IndexCursorsAt(snapshot),
      [this, snapshot](const std::vector<std::string>& codes) {
        return ReadDossiers(codes, snapshot);
      },
      visit);
}

}  // namespace motcua::storage

// The RocksDB engine: dossier writes, reads and listings.
#include <algorithm>
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "storage/counter_row_codec.h"
#include "storage/keys.h"
#include "storage/layout.h"
#include "storage/paging.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store_impl.h"
#include "storage/sequence_merge_operator.h"

namespace motcua::storage {
namespace {

constexpr size_t kMaxRequestIdLength = 128;

absl::Status ValidateRequest(const RequestKey& request) {
  if (request.request_id.size() > kMaxRequestIdLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "request_id must have at most ", kMaxRequestIdLength, " bytes"));
  }
  return absl::OkStatus();
}

// A stable 64-bit FNV-1a digest (std::hash and absl::Hash may differ
// between processes; page tokens must not).
uint64_t Fnv1a(absl::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : bytes) {
    h ^= static_cast<uint8_t>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

std::string QueryDigest(const DossierQuery& q) {
  std::string s;
  keys::AppendInt32(static_cast<int32_t>(q.scope.kind), &s);
  keys::AppendString(q.scope.code, &s);
  keys::AppendInt32(q.status ? static_cast<int32_t>(*q.status) : -1, &s);
  // Presence only: "overdue now" is asked again at each page's own now.
  keys::AppendInt32(q.overdue_as_of.has_value() ? 1 : 0, &s);
  keys::AppendInt32(q.due_on ? DayNumber(*q.due_on) : -1, &s);
  keys::AppendInt32(q.open_steps_due_by ? DayNumber(*q.open_steps_due_by) : -1,
                    &s);
  keys::AppendInt32(q.received_from ? DayNumber(*q.received_from) : -1, &s);
  keys::AppendInt32(q.received_to ? DayNumber(*q.received_to) : -1, &s);
  std::string digest;
  keys::AppendInt64(static_cast<int64_t>(Fnv1a(s)), &digest);
  return digest;
}

}  // namespace

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
  MOTCUA_ASSIGN_OR_RETURN(
      records::AppliedRequest applied,
      Parse<records::AppliedRequest>(*bytes, "applied request"));
  if (absl::FromUnixMicros(applied.applied_at()) <
      options_.clock() - options_.request_id_retention) {
    return std::nullopt;  // expired: the id may be used afresh
  }
  if (applied.fingerprint() != request.fingerprint) {
    return absl::AlreadyExistsError(
        absl::StrCat("request_id '", request.request_id,
                     "' was already used for a different request"));
  }
  return std::optional<records::AppliedRequest>(std::move(applied));
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
  records::Dossier first = applied.dossier();
  first.set_applicant_kind(current.applicant_kind());
  first.set_applicant_name(current.applicant_name());
  first.set_applicant_id_number(current.applicant_id_number());
  first.set_applicant_phone(current.applicant_phone());
  first.set_applicant_email(current.applicant_email());
  first.set_applicant_address(current.applicant_address());
  return DossierWrite{FromRecord(first), FromRecord(event),
                      /*replayed=*/true};
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
  if ((!target_code.empty() && applied->dossier_code() != target_code) ||
      applied->dossier().agency_code() != target_agency) {
    return absl::AlreadyExistsError(
        absl::StrCat("request_id '", request.request_id,
                     "' was already used for a different request"));
  }
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
    std::map<std::string, core::CounterRow>* counter_rows) {
  const absl::Time now = options_.clock();
  int64_t version = before != nullptr ? before->version : 0;
  for (core::DossierEvent& event : events) {
    event.sequence = ++version;
    event.recorded_at = now;
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
    records::AppliedRequest applied;
    applied.set_applied_at(absl::ToUnixMicros(event.recorded_at));
    applied.set_fingerprint(request.fingerprint);
    applied.set_dossier_code(d.code);
    applied.set_event_sequence(event.sequence);
    *applied.mutable_dossier() = record;
    // No second copy of the applicant's personal data: a replay takes it
    // from the dossier's record (an applicant never changes).
    records::Dossier* kept = applied.mutable_dossier();
    kept->clear_applicant_kind();
    kept->clear_applicant_name();
    kept->clear_applicant_id_number();
    kept->clear_applicant_phone();
    kept->clear_applicant_email();
    kept->clear_applicant_address();
    batch->Put(cf(kRequests), request.request_id, Serialize(applied));
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
  int64_t next = std::max(last, HighestInFlight(sequence_key));
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
  const InFlightNumber in_flight(this, sequence_key, next);
  sequence_lock.Release();
  rocksdb::WriteBatch batch;
  batch.Merge(cf(kDefault), sequence_key, EncodeSequenceNumber(next));
  return Commit(nullptr, std::move(mutation.dossier),
                {std::move(mutation.event)}, request, &batch);
}

int64_t RocksDbStore::HighestInFlight(const std::string& sequence_key) {
  absl::MutexLock lock(&in_flight_mutex_);
  auto it = numbers_in_flight_.find(sequence_key);
  return it == numbers_in_flight_.end() ? 0 : it->second.highest;
}

RocksDbStore::InFlightNumber::InFlightNumber(RocksDbStore* store,
                                             std::string sequence_key,
                                             int64_t number)
    : store_(store), key_(std::move(sequence_key)) {
  absl::MutexLock lock(&store_->in_flight_mutex_);
  NumbersInFlight& n = store_->numbers_in_flight_[key_];
  n.highest = std::max(n.highest, number);
  ++n.writes;
}

RocksDbStore::InFlightNumber::~InFlightNumber() {
  absl::MutexLock lock(&store_->in_flight_mutex_);
  auto it = store_->numbers_in_flight_.find(key_);
  // The last write out: every number handed out is now on disk (or was never
  // written), where the search for a free number finds it.
  if (--it->second.writes == 0) store_->numbers_in_flight_.erase(it);
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
    AppendDossier(nullptr, h.dossier, h.events, &batch, &counter_rows);
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
  MOTCUA_ASSIGN_OR_RETURN(const int page_size, PageSizeOf(q.page_size));
  const bool agency_scope = q.scope.kind == core::ScopeKind::kAgency;
  if (q.received_from && q.received_to && *q.received_to < *q.received_from) {
    return absl::InvalidArgumentError(
        "received_to must not be before received_from");
  }
  if (q.scope.kind != core::ScopeKind::kDeployment && q.scope.code.empty()) {
    return absl::InvalidArgumentError("scope.code is required");
  }
  if (q.due_on.has_value() && !agency_scope) {
    return absl::InvalidArgumentError("due_on needs an AGENCY scope");
  }
  if (q.open_steps_due_by.has_value() &&
      (!agency_scope || q.overdue_as_of.has_value() || q.due_on.has_value())) {
    return absl::InvalidArgumentError(
        "open_steps_due_by needs an AGENCY scope, without overdue_as_of or "
        "due_on");
  }

  // The driving index: [lower, upper) of keys, the length of the fixed part
  // before the dossier code, and the direction.
  std::string lower, upper;
  size_t fixed_length = 0;
  bool newest_first = false;
  if (q.open_steps_due_by.has_value()) {
    lower = keys::OpenStepIndexPrefix(q.scope.code);
    upper = lower;
    keys::AppendInt32(DayNumber(*q.open_steps_due_by + 1), &upper);
    fixed_length = lower.size() + 4;
  } else if (agency_scope && q.overdue_as_of.has_value()) {
    lower = keys::OpenDueIndexPrefix(q.scope.code);
    upper = lower;
    keys::AppendInt32(DayNumber(core::LocalDay(*q.overdue_as_of) + 1), &upper);
    fixed_length = lower.size() + 4;
  } else if (agency_scope && q.due_on.has_value()) {
    lower = keys::OpenDueIndexPrefix(q.scope.code);
    keys::AppendInt32(DayNumber(*q.due_on), &lower);
    upper = keys::PrefixEnd(lower);
    fixed_length = lower.size();
  } else if (agency_scope && q.status.has_value()) {
    lower = keys::StatusIndexPrefix(q.scope.code, *q.status);
    upper = keys::PrefixEnd(lower);
    fixed_length = lower.size();
  } else {
    const std::string prefix = keys::ReceivedIndexPrefix(q.scope);
    lower = q.received_from
                ? keys::ReceivedIndexDayPrefix(q.scope, *q.received_from)
                : prefix;
    upper = q.received_to
                ? keys::ReceivedIndexDayPrefix(q.scope, *q.received_to + 1)
                : keys::PrefixEnd(prefix);
    fixed_length = prefix.size() + 4;
    newest_first = true;
  }

  const std::string digest = QueryDigest(q);
  std::string resume_after;
  if (!q.page_token.empty()) {
    std::string raw;
    if (!absl::WebSafeBase64Unescape(q.page_token, &raw) ||
        raw.size() < digest.size() || raw.compare(0, digest.size(), digest) ||
        raw.size() - digest.size() < fixed_length) {
      return absl::InvalidArgumentError(
          "page_token is not a token of this query");
    }
    resume_after = raw.substr(digest.size());
    if (resume_after < lower || resume_after >= upper) {
      return absl::InvalidArgumentError(
          "page_token is not a token of this query");
    }
  }

  rocksdb::Slice lower_slice(lower), upper_slice(upper);
  rocksdb::ReadOptions read;
  read.iterate_lower_bound = &lower_slice;
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, cf(kIndexes)));
  if (newest_first) {
    if (resume_after.empty()) {
      it->SeekToLast();
    } else {
      it->SeekForPrev(resume_after);
      if (it->Valid() && it->key() == rocksdb::Slice(resume_after)) it->Prev();
    }
  } else {
    if (resume_after.empty()) {
      it->SeekToFirst();
    } else {
      it->Seek(resume_after);
      if (it->Valid() && it->key() == rocksdb::Slice(resume_after)) it->Next();
    }
  }

  const core::DomainRules rules = GetSettings()->rules;
  // Filtered scans stop after a bounded amount of work per page; the token
  // resumes where they stopped.
  const int scan_budget = std::max(2000, page_size * 20);
  DossierPage page;
  std::string last_key;
  int scanned = 0;
  std::vector<std::string> codes;
  while (it->Valid() && static_cast<int>(page.dossiers.size()) < page_size &&
         scanned < scan_budget) {
    // A chunk never holds more keys than the page has room for, so the page
    // cannot overflow and the token resumes after the last key read.
    const size_t room = std::min<size_t>(
        {kReadChunk, static_cast<size_t>(page_size) - page.dossiers.size(),
         static_cast<size_t>(scan_budget - scanned)});
    codes.clear();
    for (; it->Valid() && codes.size() < room;
         newest_first ? it->Prev() : it->Next()) {
      last_key = it->key().ToString();
      codes.push_back(last_key.substr(fixed_length));
    }
    scanned += static_cast<int>(codes.size());
    MOTCUA_ASSIGN_OR_RETURN(std::vector<core::Dossier> chunk,
                            ReadDossiers(codes));
    for (core::Dossier& d : chunk) {
      const core::DossierTimeline& t = d.timeline;
      if (q.status.has_value() && t.status != *q.status) continue;
      // The index and the record are read apart: the step may have moved.
      if (q.open_steps_due_by.has_value()) {
        const core::InterAgencyStep* step = core::OpenStep(t);
        if (step == nullptr ||
            core::LocalDay(step->due_at) > *q.open_steps_due_by ||
            (step->agency_code != q.scope.code &&
             d.agency_code != q.scope.code)) {
          continue;
        }
      }
      if (q.received_from || q.received_to) {
        if (!t.received_at.has_value()) continue;
        const absl::CivilDay day = core::LocalDay(*t.received_at);
        if (q.received_from && day < *q.received_from) continue;
        if (q.received_to && day > *q.received_to) continue;
      }
      if (q.overdue_as_of.has_value()) {
        absl::StatusOr<core::OpenTimeliness> open =
            core::ClassifyOpenDossier(rules, t, *q.overdue_as_of);
        if (!open.ok() || *open != core::OpenTimeliness::kOverdue) continue;
      }
      page.dossiers.push_back(std::move(d));
    }
  }
  MOTCUA_RETURN_IF_ERROR(FromRocksDb(it->status(), "listing dossiers"));
  if (it->Valid() && !last_key.empty()) {
    page.next_page_token = absl::WebSafeBase64Escape(digest + last_key);
  }
  return page;
}

absl::Status RocksDbStore::ScanReceived(
    const core::Scope& scope, absl::CivilDay first, absl::CivilDay last,
    const std::function<bool(const core::Dossier&)>& visit) {
  if (last < first) {
    return absl::InvalidArgumentError(
        "the scan's last day is before its first");
  }
  const std::string prefix = keys::ReceivedIndexPrefix(scope);
  const std::string lower = keys::ReceivedIndexDayPrefix(scope, first);
  const std::string upper = keys::ReceivedIndexDayPrefix(scope, last + 1);
  rocksdb::Slice upper_slice(upper);
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  rocksdb::ReadOptions read;
  read.snapshot = snapshot;
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read, cf(kIndexes)));
  absl::Status s;
  bool more = true;
  std::vector<std::string> codes;
  it->Seek(lower);
  while (s.ok() && more && it->Valid()) {
    codes.clear();
    for (; it->Valid() && codes.size() < kReadChunk; it->Next()) {
      codes.push_back(it->key().ToString().substr(prefix.size() + 4));
    }
    absl::StatusOr<std::vector<core::Dossier>> chunk =
        ReadDossiers(codes, snapshot);
    if (!chunk.ok()) {
      s = chunk.status();
      break;
    }
    for (const core::Dossier& d : *chunk) {
      if (!visit(d)) {
        more = false;
        break;
      }
    }
  }
  if (s.ok()) s = FromRocksDb(it->status(), "scanning dossiers");
  it.reset();
  db_->ReleaseSnapshot(snapshot);
  return s;
}

}  // namespace motcua::storage

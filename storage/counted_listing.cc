// Store::ListCounted over an engine's cursors (counted_listing.h).
#include "storage/counted_listing.h"

#include <algorithm>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "storage/keys.h"
#include "storage/layout.h"
#include "storage/paging.h"
#include "storage/record_codec.h"

namespace motcua::storage {
namespace {

// Where a listing stands: the day of the key (counted day or standing end)
// and the dossier code.
struct Position {
  int32_t day = 0;
  std::string code;
  friend bool operator<(const Position& a, const Position& b) {
    return std::tie(a.day, a.code) < std::tie(b.day, b.code);
  }
  friend bool operator==(const Position& a, const Position& b) {
    return a.day == b.day && a.code == b.code;
  }
};

// The query's criteria, which a page token repeats so that it only
// resumes the listing it came from.
std::string QueryBytes(const CountedQuery& q) {
  std::string s;
  keys::AppendInt32(static_cast<int32_t>(q.scope.kind), &s);
  keys::AppendString(q.scope.code, &s);
  keys::AppendInt32(static_cast<int32_t>(q.dimension), &s);
  keys::AppendString(q.dimension_code, &s);
  keys::AppendInt32(static_cast<int32_t>(q.metrics.size()), &s);
  for (core::Metric m : q.metrics) {
    keys::AppendInt32(static_cast<int32_t>(m), &s);
  }
  keys::AppendInt32(q.metrics.empty() ? 0 : DayNumber(q.first), &s);
  keys::AppendInt32(q.metrics.empty() ? 0 : DayNumber(q.last), &s);
  keys::AppendInt32(q.standing ? static_cast<int32_t>(*q.standing) : -1, &s);
  keys::AppendInt32(q.standing ? DayNumber(q.at) : 0, &s);
  return s;
}

absl::Status Validate(const CountedQuery& q) {
  if (q.scope.kind != core::ScopeKind::kDeployment && q.scope.code.empty()) {
    return absl::InvalidArgumentError("scope.code is required");
  }
  if (q.metrics.empty() == !q.standing.has_value()) {
    return absl::InvalidArgumentError(
        "a cell listing takes either period metrics or a standing");
  }
  for (core::Metric m : q.metrics) {
    if (!core::IsPeriodMetric(m)) {
      return absl::InvalidArgumentError(absl::StrCat(
          core::MetricName(m), " is a standing's edge, not a period metric"));
    }
  }
  if (!q.metrics.empty() && q.last < q.first) {
    return absl::InvalidArgumentError("last is before first");
  }
  return absl::OkStatus();
}

bool InDimension(absl::string_view field_code, absl::string_view procedure_code,
                 const CountedQuery& q) {
  switch (q.dimension) {
    case core::Dimension::kField:
      return field_code == q.dimension_code;
    case core::Dimension::kProcedure:
      return procedure_code == q.dimension_code;
    default:
      return true;
  }
}
bool InDimension(const core::ScopeShare& share, const CountedQuery& q) {
  return InDimension(share.field_code, share.procedure_code, q);
}

// One key range of the index in key order: a metric's days, or the
// standings. Keys are `prefix`, a big-endian day, then the code.
class Range {
 public:
  Range(const IndexCursors& cursors, std::string prefix, int32_t first_day,
        std::optional<int32_t> last_day)
      : prefix_(std::move(prefix)) {
    std::string lower = prefix_, upper = prefix_;
    keys::AppendInt32(first_day, &lower);
    if (last_day.has_value()) {
      keys::AppendInt32(*last_day + 1, &upper);
    } else {
      upper = keys::PrefixEnd(prefix_);
    }
    it_ = cursors(std::move(lower), std::move(upper), /*reverse=*/false);
  }

  // Starts at the first key, or after `after`.
  void Start(const std::optional<Position>& after) {
    std::string key;
    if (after.has_value()) {
      key = prefix_;
      keys::AppendInt32(after->day, &key);
      key += after->code;
    }
    it_->Start(key);
    Load();
  }
  bool Valid() const { return it_->Valid(); }
  const Position& position() const { return position_; }
  absl::string_view value() const { return it_->value(); }
  void Next() {
    it_->Next();
    Load();
  }
  absl::Status status() const { return it_->status(); }

 private:
  void Load() {
    if (!it_->Valid()) return;
    absl::string_view key = it_->key();
    key.remove_prefix(prefix_.size());
    keys::ReadInt32(&key, &position_.day);
    position_.code = std::string(key);
  }

  std::string prefix_;
  std::unique_ptr<KeyCursor> it_;
  Position position_;
};

}  // namespace

absl::StatusOr<CountedPage> ListCountedFrom(const CountedQuery& q,
                                            core::Granularity g,
                                            const IndexCursors& cursors,
                                            const DossierReader& read) {
  MOTCUA_RETURN_IF_ERROR(Validate(q));
  MOTCUA_ASSIGN_OR_RETURN(const int page_size, PageSizeOf(q.page_size));
  const std::string query_bytes = QueryBytes(q);
  std::optional<Position> after;
  if (!q.page_token.empty()) {
    std::string raw;
    Position p;
    bool ok = absl::WebSafeBase64Unescape(q.page_token, &raw) &&
              raw.size() > query_bytes.size() &&
              raw.compare(0, query_bytes.size(), query_bytes) == 0;
    absl::string_view rest(raw);
    if (ok) rest.remove_prefix(query_bytes.size());
    if (!ok || !keys::ReadInt32(&rest, &p.day) || rest.empty()) {
      return absl::InvalidArgumentError(
          "page_token is not a token of this query");
    }
    p.code = std::string(rest);
    after = std::move(p);
  }

  // The ranges to merge. Receptions come from the reception index, in one
  // range for all of the query's reception metrics: its entries say only
  // "received that day", and the record tells how many times it counts.
  std::vector<std::unique_ptr<Range>> ranges;
  std::vector<core::Metric> receptions;
  const Range* reception_range = nullptr;
  if (q.standing.has_value()) {
    ranges.push_back(
        std::make_unique<Range>(cursors, keys::StandingIndexPrefix(q.scope),
                                DayNumber(q.at + 1), std::nullopt));
  } else {
    for (core::Metric m : q.metrics) {
      if (core::IsReceptionMetric(m)) {
        receptions.push_back(m);
        continue;
      }
      ranges.push_back(
          std::make_unique<Range>(cursors, keys::CountedIndexPrefix(q.scope, m),
                                  DayNumber(q.first), DayNumber(q.last)));
    }
    if (!receptions.empty()) {
      ranges.push_back(
          std::make_unique<Range>(cursors, keys::ReceivedIndexPrefix(q.scope),
                                  DayNumber(q.first), DayNumber(q.last)));
      reception_range = ranges.back().get();
    }
  }
  for (auto& r : ranges) r->Start(after);

  // Filtered scans stop after a bounded amount of work per page; the token
  // resumes where they stopped.
  const int scan_budget = std::max(2000, page_size * 20);
  int scanned = 0;
  std::optional<Position> last;
  std::vector<CountedDossier> found;
  found.reserve(page_size);
  std::vector<int32_t> received_on;  // per found: its reception day, or -1
  std::vector<std::string> codes;
  while (static_cast<int>(found.size()) < page_size && scanned < scan_budget) {
    const Range* first = nullptr;
    for (const auto& r : ranges) {
      if (r->Valid() &&
          (first == nullptr || r->position() < first->position())) {
        first = r.get();
      }
    }
    if (first == nullptr) break;
    const Position at = first->position();
    CountedDossier entry;
    entry.times = 0;
    bool well_formed = true;
    int32_t reception_day = -1;
    for (auto& r : ranges) {
      if (!r->Valid() || !(r->position() == at)) continue;
      ++scanned;
      if (r.get() == reception_range) {
        reception_day = at.day;
      } else if (q.standing.has_value()) {
        // Most entries scanned do not stand so at `at`: decoded in full
        // only when they do.
        absl::string_view field, procedure;
        int64_t times = 0;
        well_formed &= PeekStandingValue(r->value(), *q.standing, q.at, &field,
                                         &procedure, &times);
        if (well_formed && times > 0 && InDimension(field, procedure, q)) {
          well_formed &= DecodeStandingValue(r->value(), &entry.share);
          entry.times += times;
        }
      } else {
        int64_t times = 0;
        well_formed &= DecodeCountedValue(r->value(), &entry.share, &times);
        entry.times += times;
      }
      r->Next();
    }
    if (!well_formed) {
      return absl::DataLossError(absl::StrCat("a cell index entry of dossier '",
                                              at.code, "' is unreadable"));
    }
    last = at;
    entry.share.scope = q.scope;
    // A reception is judged once its record is read.
    if (reception_day < 0 &&
        (entry.times <= 0 || !InDimension(entry.share, q))) {
      continue;
    }
    codes.push_back(at.code);
    found.push_back(std::move(entry));
    received_on.push_back(reception_day);
  }
  for (const auto& r : ranges) MOTCUA_RETURN_IF_ERROR(r->status());

  MOTCUA_ASSIGN_OR_RETURN(std::vector<core::Dossier> dossiers, read(codes));
  CountedPage page;
  page.dossiers.reserve(found.size());
  for (size_t i = 0; i < found.size(); ++i) {
    CountedDossier& entry = found[i];
    entry.dossier = std::move(dossiers[i]);
    if (received_on[i] >= 0) {
      entry.share.field_code = entry.dossier.procedure.field_code;
      entry.share.procedure_code = entry.dossier.procedure.code;
      if (!InDimension(entry.share, q)) continue;
      entry.times += core::TimesCounted(entry.dossier, g, q.scope, receptions,
                                        DayFromNumber(received_on[i]));
      if (entry.times <= 0) continue;
    }
    page.dossiers.push_back(std::move(entry));
  }
  const bool more = std::any_of(ranges.begin(), ranges.end(),
                                [](const auto& r) { return r->Valid(); });
  if (more && last.has_value()) {
    std::string raw = query_bytes;
    keys::AppendInt32(last->day, &raw);
    raw += last->code;
    page.next_page_token = absl::WebSafeBase64Escape(raw);
  }
  return page;
}

}  // namespace motcua::storage

// Store::Verify's recount (verify_recount.h).
#include "storage/verify_recount.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/status_macros.h"
#include "storage/keys.h"
#include "storage/layout.h"
#include "storage/record_codec.h"

namespace motcua::storage {
namespace {

constexpr size_t kMaxListedDifferences = 100;

std::string Describe(const std::string& key) {
  keys::CounterKeyParts p;
  if (!keys::ParseCounterKey(key, &p)) return "unreadable counter key";
  return absl::StrCat(
      "scope ", static_cast<int>(p.scope.kind), ":", p.scope.code,
      " dimension ", static_cast<int>(p.dimension), ":", p.dimension_code, " ",
      p.bucket == keys::Bucket::kYear ? absl::StrCat("year ", p.period)
      : p.bucket == keys::Bucket::kMonth
          ? absl::StrCat("month ",
                         absl::FormatCivilTime(keys::MonthOfPeriod(p.period)))
          : absl::StrCat("day ",
                         absl::FormatCivilTime(DayFromNumber(p.period))));
}

std::string DescribeRowDifference(const std::string& key,
                                  const core::CounterRow& stored,
                                  const core::CounterRow& recount) {
  std::string out = Describe(key);
  for (int i = 0; i < core::kMetricCount; ++i) {
    if (stored.values[i] != recount.values[i]) {
      absl::StrAppend(
          &out, "; ", core::MetricName(static_cast<core::Metric>(i)),
          " stored ", stored.values[i], ", recount ", recount.values[i]);
    }
  }
  return out;
}

void Note(std::vector<std::string>* list, int64_t* count, std::string what) {
  ++*count;
  if (list->size() < kMaxListedDifferences) list->push_back(std::move(what));
}

}  // namespace

VerifyRecount::VerifyRecount(core::Granularity granularity,
                             VerifyReport* report)
    : granularity_(granularity), report_(report) {}

absl::Status VerifyRecount::AddDossier(
    absl::string_view key, absl::string_view value,
    const std::vector<int64_t>& event_sequences) {
  MOTCUA_ASSIGN_OR_RETURN(const records::Dossier record,
                          Parse<records::Dossier>(value, "dossier"));
  const core::Dossier d = FromRecord(record);
  VerifyReport& r = *report_;
  ++r.dossiers_checked;
  if (d.code != key) {
    Note(&r.history_differences, &r.history_difference_count,
         absl::StrCat("dossier stored under '", key, "' says it is '", d.code,
                      "'"));
  }
  for (auto& [row_key, row] :
       CounterRowDeltas(core::DossierCounters(d, granularity_))) {
    expected_counters_[row_key] += row;
  }
  expected_index_.merge(DossierIndexEntries(d, granularity_));
  if (absl::StatusOr<core::DossierCode> c = core::ParseDossierCode(d.code);
      c.ok()) {
    int64_t& highest =
        highest_numbers_[keys::SequenceKey(c->agency_code, c->reception_day)];
    highest = std::max<int64_t>(highest, c->sequence);
  }
  int64_t events = 0;
  for (int64_t sequence : event_sequences) {
    if (sequence != ++events) {
      Note(&r.history_differences, &r.history_difference_count,
           absl::StrCat("dossier ", d.code, ": event ", events,
                        " is stored as sequence ", sequence));
    }
  }
  if (events != d.version) {
    Note(&r.history_differences, &r.history_difference_count,
         absl::StrCat("dossier ", d.code, " is at version ", d.version,
                      " but has ", events, " events"));
  }
  return absl::OkStatus();
}

std::optional<core::CounterRow> VerifyRecount::CheckCounterRow(
    const std::string& key, const core::CounterRow& stored) {
  ++report_->counter_rows_checked;
  core::CounterRow recount;
  auto it = expected_counters_.find(key);
  if (it != expected_counters_.end()) {
    recount = it->second;
    expected_counters_.erase(it);
  }
  if (stored == recount) return std::nullopt;
  Note(&report_->counter_differences, &report_->counter_difference_count,
       DescribeRowDifference(key, stored, recount));
  return recount;
}

std::map<std::string, core::CounterRow> VerifyRecount::MissingCounterRows() {
  std::map<std::string, core::CounterRow> missing;
  for (auto& [key, recount] : expected_counters_) {
    if (recount.IsZero()) continue;
    Note(&report_->counter_differences, &report_->counter_difference_count,
         DescribeRowDifference(key, core::CounterRow(), recount));
    missing.emplace(key, recount);
  }
  expected_counters_.clear();
  return missing;
}

std::optional<VerifyRecount::IndexFix> VerifyRecount::CheckIndexEntry(
    absl::string_view key, absl::string_view value) {
  ++report_->index_entries_checked;
  auto it = expected_index_.find(std::string(key));
  if (it == expected_index_.end()) {
    Note(
        &report_->index_differences, &report_->index_difference_count,
        absl::StrCat("index entry without a dossier: ", absl::CHexEscape(key)));
    return IndexFix{/*remove=*/true, ""};
  }
  std::optional<IndexFix> fix;
  if (it->second != value) {
    Note(&report_->index_differences, &report_->index_difference_count,
         absl::StrCat("index entry with another value: ",
                      absl::CHexEscape(key)));
    fix = IndexFix{/*remove=*/false, it->second};
  }
  expected_index_.erase(it);
  return fix;
}

std::map<std::string, std::string> VerifyRecount::MissingIndexEntries() {
  for (const auto& [key, value] : expected_index_) {
    Note(&report_->index_differences, &report_->index_difference_count,
         absl::StrCat("missing index entry: ", absl::CHexEscape(key)));
  }
  return std::move(expected_index_);
}

bool VerifyRecount::SequenceBehind(const std::string& key, int64_t number) {
  auto it = highest_numbers_.find(key);
  if (it == highest_numbers_.end() || number >= it->second) return false;
  Note(&report_->sequence_differences, &report_->sequence_difference_count,
       absl::StrCat("dossier-code sequence ", absl::CHexEscape(key), " is at ",
                    number, " but a dossier uses ", it->second));
  return true;
}

}  // namespace motcua::storage

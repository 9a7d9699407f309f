#include "storage/layout.h"

#include "core/local_time.h"
#include "storage/keys.h"
#include "storage/record_codec.h"

namespace motcua::storage {

namespace {

void AddShares(const core::Dossier& d, core::Granularity granularity,
               std::map<std::string, std::string>* out) {
  for (const core::ScopeShare& share : core::DossierShares(d, granularity)) {
    for (const auto& [metric_day, times] : share.counted) {
      // Receptions are found through the reception index.
      if (core::IsReceptionMetric(metric_day.first)) continue;
      (*out)[keys::CountedIndexKey(share.scope, metric_day.first,
                                   metric_day.second, d.code)] =
          EncodeCountedValue(share, times);
    }
    const core::DayInterval span = share.Span();
    if (span.from < span.until) {
      (*out)[keys::StandingIndexKey(share.scope, span.until, d.code)] =
          EncodeStandingValue(share);
    }
  }
}

void AppendCodes(const core::ScopeShare& share, std::string* out) {
  keys::AppendString(share.field_code, out);
  keys::AppendString(share.procedure_code, out);
}

bool ReadCodes(absl::string_view* in, core::ScopeShare* share) {
  return keys::ReadString(in, &share->field_code) &&
         keys::ReadString(in, &share->procedure_code);
}

// Walks what follows a standing value's codes: `visit(kind, from, until)`
// for each interval, in day numbers. False when malformed or when bytes
// are left over.
template <typename Visit>
bool ReadStandingIntervals(absl::string_view value, Visit visit) {
  for (int kind = 0; kind < core::kStandingCount; ++kind) {
    int32_t n = 0;
    if (!keys::ReadInt32(&value, &n) || n < 0 || n > 1000) return false;
    for (int32_t k = 0; k < n; ++k) {
      int32_t from = 0, until = 0;
      if (!keys::ReadInt32(&value, &from) || !keys::ReadInt32(&value, &until)) {
        return false;
      }
      visit(kind, from, until);
    }
  }
  return value.empty();
}

}  // namespace

std::string EncodeCountedValue(const core::ScopeShare& share, int64_t times) {
  std::string out;
  AppendCodes(share, &out);
  keys::AppendInt64(times, &out);
  return out;
}

bool DecodeCountedValue(absl::string_view value, core::ScopeShare* share,
                        int64_t* times) {
  return ReadCodes(&value, share) && keys::ReadInt64(&value, times) &&
         value.empty();
}

std::string EncodeStandingValue(const core::ScopeShare& share) {
  std::string out;
  AppendCodes(share, &out);
  for (const std::vector<core::DayInterval>& intervals : share.standings) {
    keys::AppendInt32(static_cast<int32_t>(intervals.size()), &out);
    for (const core::DayInterval& i : intervals) {
      keys::AppendInt32(DayNumber(i.from), &out);
      keys::AppendInt32(DayNumber(i.until), &out);
    }
  }
  return out;
}

bool DecodeStandingValue(absl::string_view value, core::ScopeShare* share) {
  if (!ReadCodes(&value, share)) return false;
  for (std::vector<core::DayInterval>& intervals : share->standings) {
    intervals.clear();
  }
  return ReadStandingIntervals(
      value, [&](int kind, int32_t from, int32_t until) {
        share->standings[kind].push_back(
            {DayFromNumber(from), DayFromNumber(until)});
      });
}

bool PeekStandingValue(absl::string_view value, core::Standing standing,
                       absl::CivilDay day, absl::string_view* field_code,
                       absl::string_view* procedure_code, int64_t* times) {
  if (!keys::ReadString(&value, field_code) ||
      !keys::ReadString(&value, procedure_code)) {
    return false;
  }
  const int32_t at = DayNumber(day);
  *times = 0;
  return ReadStandingIntervals(
      value, [&](int kind, int32_t from, int32_t until) {
        // core::DayInterval::Holds, on day numbers.
        if (kind == static_cast<int>(standing) && from <= at && at < until) {
          ++*times;
        }
      });
}

std::map<std::string, std::string> OpenStepIndexEntries(
    const core::Dossier& d) {
  const core::InterAgencyStep* step = core::OpenStep(d.timeline);
  if (step == nullptr) return {};
  const absl::CivilDay due = core::LocalDay(step->due_at);
  return {{keys::OpenStepIndexKey(step->agency_code, due, d.code), ""},
          {keys::OpenStepIndexKey(d.agency_code, due, d.code), ""}};
}

std::map<std::string, std::string> DossierIndexEntries(
    const core::Dossier& d, core::Granularity granularity) {
  std::map<std::string, std::string> out;
  const core::DossierTimeline& t = d.timeline;
  out[keys::StatusIndexKey(d.agency_code, t.status, d.code)];
  AddShares(d, granularity, &out);
  if (!t.received_at.has_value()) return out;
  const absl::CivilDay received = core::LocalDay(*t.received_at);
  std::vector<core::Scope> scopes = {{core::ScopeKind::kDeployment, ""},
                                     {core::ScopeKind::kAgency, d.agency_code}};
  if (!d.units.province.empty()) {
    scopes.push_back({core::ScopeKind::kProvince, d.units.province});
  }
  if (!d.units.district.empty()) {
    scopes.push_back({core::ScopeKind::kDistrict, d.units.district});
  }
  if (!d.units.commune.empty()) {
    scopes.push_back({core::ScopeKind::kCommune, d.units.commune});
  }
  for (const core::Scope& scope : scopes) {
    out[keys::ReceivedIndexKey(scope, received, d.code)];
  }
  if (!t.finished_at.has_value() && t.due_at.has_value()) {
    out[keys::OpenDueIndexKey(d.agency_code, core::LocalDay(*t.due_at),
                              d.code)];
  }
  out.merge(OpenStepIndexEntries(d));
  return out;
}

std::map<std::string, core::CounterRow> CounterRowDeltas(
    const std::vector<core::CounterCell>& cells) {
  std::map<std::string, core::CounterRow> rows;
  for (const core::CounterCell& c : cells) {
    rows[keys::CounterKey(c.scope, c.dimension, keys::Bucket::kDay,
                          DayNumber(c.day), c.dimension_code)][c.metric] +=
        c.delta;
    rows[keys::CounterKey(c.scope, c.dimension, keys::Bucket::kMonth,
                          keys::MonthPeriod(absl::CivilMonth(c.day)),
                          c.dimension_code)][c.metric] += c.delta;
  }
  for (auto it = rows.begin(); it != rows.end();) {
    it = it->second.IsZero() ? rows.erase(it) : std::next(it);
  }
  return rows;
}

}  // namespace motcua::storage

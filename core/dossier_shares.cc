#include "core/dossier_shares.h"

#include <algorithm>

namespace motcua::core {
namespace {

// What a cell of `metric` does to a standing: opens or closes it.
struct StandingEdge {
  Standing standing;
  bool opens;
};

bool EdgeOf(Metric metric, StandingEdge* edge) {
  switch (metric) {
    case Metric::kReceivedDirect:
    case Metric::kReceivedOnline:
    case Metric::kReceivedPostal:
      *edge = {Standing::kOpen, true};
      return true;
    case Metric::kFinishedEarly:
    case Metric::kFinishedOnTime:
    case Metric::kFinishedLate:
      *edge = {Standing::kOpen, false};
      return true;
    case Metric::kOverdueFrom:
      *edge = {Standing::kOverdue, true};
      return true;
    case Metric::kOverdueUntil:
      *edge = {Standing::kOverdue, false};
      return true;
    case Metric::kAwaitingSupplementFrom:
      *edge = {Standing::kAwaitingSupplement, true};
      return true;
    case Metric::kAwaitingSupplementUntil:
      *edge = {Standing::kAwaitingSupplement, false};
      return true;
    default:
      return false;
  }
}

// Pairs the k-th opening day with the k-th closing day: the sum of the
// intervals' indicators at the end of any day D is then the number of
// openings on days <= D minus the closings on days <= D, which is what
// the counters give.
std::vector<DayInterval> Pair(std::vector<absl::CivilDay> opens,
                              std::vector<absl::CivilDay> closes) {
  std::sort(opens.begin(), opens.end());
  std::sort(closes.begin(), closes.end());
  std::vector<DayInterval> out;
  for (size_t i = 0; i < opens.size(); ++i) {
    const absl::CivilDay until = i < closes.size() ? closes[i] : kOpenEnded;
    if (opens[i] < until) out.push_back({opens[i], until});
  }
  return out;
}

}  // namespace

bool IsPeriodMetric(Metric metric) {
  switch (metric) {
    case Metric::kOverdueFrom:
    case Metric::kOverdueUntil:
    case Metric::kAwaitingSupplementFrom:
    case Metric::kAwaitingSupplementUntil:
      return false;
    default:
      return true;
  }
}

bool IsReceptionMetric(Metric metric) {
  switch (metric) {
    case Metric::kReceivedDirect:
    case Metric::kReceivedOnline:
    case Metric::kReceivedPostal:
    case Metric::kReceivedOnlineLevel3:
    case Metric::kReceivedOnlineLevel4:
    case Metric::kReceivedOnlinePartial:
    case Metric::kReceivedOnlineFull:
      return true;
    default:
      return false;
  }
}

int64_t TimesCounted(const Dossier& dossier, Granularity granularity,
                     const Scope& scope, const std::vector<Metric>& metrics,
                     absl::CivilDay day) {
  int64_t n = 0;
  ForEachDayMetric(dossier, granularity,
                   [&](const Scope& s, absl::CivilDay d, Metric m) {
                     if (d != day || !(s == scope)) return;
                     n += std::count(metrics.begin(), metrics.end(), m);
                   });
  return n;
}

int64_t ScopeShare::StandingAt(Standing standing, absl::CivilDay day) const {
  int64_t n = 0;
  for (const DayInterval& i : standings[static_cast<int>(standing)]) {
    if (i.Holds(day)) ++n;
  }
  return n;
}

DayInterval ScopeShare::Span() const {
  DayInterval span{kOpenEnded, absl::CivilDay(1970, 1, 1)};
  for (const std::vector<DayInterval>& intervals : standings) {
    for (const DayInterval& i : intervals) {
      span.from = std::min(span.from, i.from);
      span.until = std::max(span.until, i.until);
    }
  }
  return span;
}

std::vector<ScopeShare> DossierShares(const Dossier& dossier,
                                      Granularity granularity) {
  struct Edges {
    std::array<std::vector<absl::CivilDay>, kStandingCount> opens, closes;
  };
  std::map<Scope, ScopeShare> shares;
  std::map<Scope, Edges> edges;
  ForEachDayMetric(dossier, granularity,
                   [&](const Scope& scope, absl::CivilDay day, Metric metric) {
                     ScopeShare& share = shares[scope];
                     share.scope = scope;
                     share.field_code = dossier.procedure.field_code;
                     share.procedure_code = dossier.procedure.code;
                     StandingEdge edge;
                     if (EdgeOf(metric, &edge)) {
                       Edges& e = edges[scope];
                       const int s = static_cast<int>(edge.standing);
                       (edge.opens ? e.opens[s] : e.closes[s]).push_back(day);
                     }
                     if (IsPeriodMetric(metric)) ++share.counted[{metric, day}];
                   });
  std::vector<ScopeShare> out;
  for (auto& [scope, share] : shares) {
    Edges& e = edges[scope];
    for (int s = 0; s < kStandingCount; ++s) {
      share.standings[s] = Pair(std::move(e.opens[s]), std::move(e.closes[s]));
    }
    out.push_back(std::move(share));
  }
  return out;
}

}  // namespace motcua::core

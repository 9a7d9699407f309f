#include "service/statistics_figures.h"

#include <set>

#include "core/dossier_timeline.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "service/report_rows.h"

namespace motcua::service {
namespace {

// Moves the period's dossiers that are within time at its as-of instant
// from overdue to within time, in the figures of `scope` / `dimension` =
// `code` (kTotal: every code).
void CorrectStanding(const StatisticsPeriod& p, const core::Scope& scope,
                     core::Dimension dimension, const std::string& code,
                     core::Form06* f) {
  if (p.within_time_at_instant == nullptr) return;
  for (const core::Dossier& d : *p.within_time_at_instant) {
    if (!core::CountsUnder(d, scope, dimension, code)) continue;
    --f->in_progress_overdue;
    ++f->in_progress_within_time;
  }
}

}  // namespace

std::vector<std::pair<std::string, StatisticsPeriod>> MonthPeriods(
    const StatisticsPeriod& p) {
  std::vector<std::pair<std::string, StatisticsPeriod>> out;
  for (const auto& [first, last] : MonthsOf(p.from, p.to)) {
    if (first > p.as_of) break;
    const bool at_instant = last >= p.as_of;
    out.emplace_back(
        MonthKey(first),
        StatisticsPeriod{first, last, std::min(last, p.as_of),
                         at_instant ? p.within_time_at_instant : nullptr});
  }
  return out;
}

absl::StatusOr<std::vector<core::Dossier>> WithinTimeUntilEndOfDay(
    storage::Store& store, const core::DomainRules& rules,
    const core::CatalogueIndex& catalogue, absl::Time instant) {
  std::vector<core::Dossier> out;
  const absl::CivilDay day = core::LocalDay(instant);
  const absl::Time end_of_day =
      core::FromLocal(absl::CivilSecond(day + 1)) - absl::Microseconds(1);
  if (rules.granularity != core::Granularity::kInstant ||
      instant >= end_of_day) {
    return out;
  }
  std::set<std::string> seen;
  for (const core::Agency& a : catalogue.agencies()) {
    if (!seen.insert(a.code).second) continue;
    storage::DossierQuery q;
    q.scope = {core::ScopeKind::kAgency, a.code};
    q.due_on = day;
    q.page_size = 1000;
    do {
      MOTCUA_ASSIGN_OR_RETURN(storage::DossierPage page, store.ListDossiers(q));
      for (core::Dossier& d : page.dossiers) {
        auto now = core::ClassifyOpenDossier(rules, d.timeline, instant);
        auto at_end = core::ClassifyOpenDossier(rules, d.timeline, end_of_day);
        if (now.ok() && at_end.ok() &&
            *now == core::OpenTimeliness::kWithinTime &&
            *at_end == core::OpenTimeliness::kOverdue) {
          out.push_back(std::move(d));
        }
      }
      q.page_token = page.next_page_token;
    } while (!q.page_token.empty());
  }
  return out;
}

absl::StatusOr<core::Form06> Form06For(storage::Store& store,
                                       const core::Scope& scope,
                                       core::Dimension dimension,
                                       const std::string& code,
                                       const StatisticsPeriod& p) {
  MOTCUA_ASSIGN_OR_RETURN(
      const std::vector<core::CounterRow> sums,
      store.SumCounterRanges(scope, dimension, code,
                             {{storage::kFirstCounterDay, p.from - 1},
                              {p.from, p.to},
                              {p.from, p.as_of}}));
  const core::CounterRow& before = sums[0];
  const core::CounterRow& period = sums[1];
  const core::CounterRow& until_as_of = sums[2];
  core::CounterRow through = before;
  through += until_as_of;
  core::Form06 f = core::ComputeForm06(before, period, through);
  CorrectStanding(p, scope, dimension, code, &f);
  return f;
}

absl::StatusOr<std::map<std::string, core::Form06>> Form06ByCode(
    storage::Store& store, const core::Scope& scope, core::Dimension dimension,
    const StatisticsPeriod& p) {
  using RowsByCode = std::map<std::string, core::CounterRow>;
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<RowsByCode> sums,
                          store.SumCounterRangesByDimension(
                              scope, dimension,
                              {{storage::kFirstCounterDay, p.from - 1},
                               {p.from, p.to},
                               {p.from, p.as_of}}));
  const RowsByCode& before = sums[0];
  const RowsByCode& period = sums[1];
  const RowsByCode& until_as_of = sums[2];
  std::set<std::string> codes;
  for (const auto* m : {&before, &period, &until_as_of}) {
    for (const auto& [code, row] : *m) codes.insert(code);
  }
  auto get = [](const std::map<std::string, core::CounterRow>& m,
                const std::string& code) {
    auto it = m.find(code);
    return it == m.end() ? core::CounterRow() : it->second;
  };
  std::map<std::string, core::Form06> out;
  for (const std::string& code : codes) {
    core::CounterRow through = get(before, code);
    through += get(until_as_of, code);
    core::Form06 f =
        core::ComputeForm06(get(before, code), get(period, code), through);
    CorrectStanding(p, scope, dimension, code, &f);
    // A code whose dossiers all finished before the period has no row.
    if (!(f == core::Form06())) out.emplace(code, f);
  }
  return out;
}

}  // namespace motcua::service

#include "server/statistics.h"

#include <set>

namespace motcua::server {

absl::StatusOr<core::Form06> Form06For(storage::Store& store,
                                       const core::Scope& scope,
                                       core::Dimension dimension,
                                       const std::string& code,
                                       const StatisticsPeriod& p) {
  absl::StatusOr<core::CounterRow> before = store.SumCounters(
      scope, dimension, code, storage::kFirstCounterDay, p.from - 1);
  if (!before.ok()) return before.status();
  absl::StatusOr<core::CounterRow> period =
      store.SumCounters(scope, dimension, code, p.from, p.to);
  if (!period.ok()) return period.status();
  absl::StatusOr<core::CounterRow> until_as_of =
      store.SumCounters(scope, dimension, code, p.from, p.as_of);
  if (!until_as_of.ok()) return until_as_of.status();
  core::CounterRow through = *before;
  through += *until_as_of;
  return core::ComputeForm06(*before, *period, through);
}

absl::StatusOr<std::map<std::string, core::Form06>> Form06ByCode(
    storage::Store& store, const core::Scope& scope, core::Dimension dimension,
    const StatisticsPeriod& p) {
  absl::StatusOr<std::map<std::string, core::CounterRow>> before =
      store.SumCountersByDimension(scope, dimension, storage::kFirstCounterDay,
                                   p.from - 1);
  if (!before.ok()) return before.status();
  absl::StatusOr<std::map<std::string, core::CounterRow>> period =
      store.SumCountersByDimension(scope, dimension, p.from, p.to);
  if (!period.ok()) return period.status();
  absl::StatusOr<std::map<std::string, core::CounterRow>> until_as_of =
      store.SumCountersByDimension(scope, dimension, p.from, p.as_of);
  if (!until_as_of.ok()) return until_as_of.status();
  std::set<std::string> codes;
  for (const auto* m : {&*before, &*period, &*until_as_of}) {
    for (const auto& [code, row] : *m) codes.insert(code);
  }
  auto get = [](const std::map<std::string, core::CounterRow>& m,
                const std::string& code) {
    auto it = m.find(code);
    return it == m.end() ? core::CounterRow() : it->second;
  };
  std::map<std::string, core::Form06> out;
  for (const std::string& code : codes) {
    core::CounterRow through = get(*before, code);
    through += get(*until_as_of, code);
    const core::Form06 f =
        core::ComputeForm06(get(*before, code), get(*period, code), through);
    // A code whose dossiers all finished before the period has no row.
    if (!(f == core::Form06())) out.emplace(code, f);
  }
  return out;
}

}  // namespace motcua::server

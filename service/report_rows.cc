#include "service/report_rows.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_format.h"

namespace motcua::service {
namespace {

core::ScopeKind ScopeKindOf(core::UnitLevel level) {
  switch (level) {
    case core::UnitLevel::kProvince:
      return core::ScopeKind::kProvince;
    case core::UnitLevel::kDistrict:
      return core::ScopeKind::kDistrict;
    default:
      return core::ScopeKind::kCommune;
  }
}

bool AgencyWithinOn(const core::CatalogueIndex& catalogue,
                    const core::Scope& scope, const std::string& code,
                    absl::CivilDay day) {
  return catalogue.AgencyOn(code, day) != nullptr &&
         catalogue.ScopeWithin(scope, {core::ScopeKind::kAgency, code}, day);
}

}  // namespace

std::vector<std::pair<absl::CivilDay, absl::CivilDay>> MonthsOf(
    absl::CivilDay from, absl::CivilDay to) {
  std::vector<std::pair<absl::CivilDay, absl::CivilDay>> out;
  for (absl::CivilMonth m(from); absl::CivilDay(m) <= to; ++m) {
    const absl::CivilDay first = std::max(from, absl::CivilDay(m));
    const absl::CivilDay last = std::min(to, absl::CivilDay(m + 1) - 1);
    out.push_back({first, last});
  }
  return out;
}

std::string MonthKey(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d", d.year(), d.month());
}

std::vector<core::Scope> ChildRowScopes(const core::CatalogueIndex& catalogue,
                                        const core::Scope& scope,
                                        absl::CivilDay from,
                                        absl::CivilDay to) {
  std::vector<core::Scope> children;
  std::set<std::string> seen;
  for (const core::Unit& u : catalogue.units()) {
    if (u.parent_code != scope.code || !u.validity.Overlaps(from, to) ||
        !seen.insert(u.code).second) {
      continue;
    }
    children.push_back({ScopeKindOf(u.level), u.code});
  }
  for (const core::Agency& a : catalogue.agencies()) {
    if (a.unit_code == scope.code && a.validity.Overlaps(from, to) &&
        seen.insert(a.code).second) {
      children.push_back({core::ScopeKind::kAgency, a.code});
    }
  }
  return children;
}

std::vector<core::Scope> AgencyRowScopes(const core::CatalogueIndex& catalogue,
                                         const core::Scope& scope,
                                         absl::CivilDay from,
                                         absl::CivilDay to) {
  std::vector<core::Scope> out;
  std::set<std::string> seen;
  for (const core::Agency& a : catalogue.agencies()) {
    if (!seen.insert(a.code).second) continue;
    if (AgencyWithinOn(catalogue, scope, a.code, from) ||
        AgencyWithinOn(catalogue, scope, a.code, to)) {
      out.push_back({core::ScopeKind::kAgency, a.code});
    }
  }
  return out;
}

}  // namespace motcua::service

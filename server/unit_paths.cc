#include "server/unit_paths.h"

#include "absl/strings/str_cat.h"

namespace motcua::server {
namespace {

// The path of unit `code` on `day`, walking parents up to the province.
absl::StatusOr<core::UnitPath> PathOfUnit(storage::Store& store,
                                          std::string code, absl::CivilDay day,
                                          absl::string_view field) {
  core::UnitPath path;
  for (int depth = 0; !code.empty(); ++depth) {
    absl::StatusOr<core::Unit> unit = store.GetUnit(code, day);
    if (!unit.ok() || depth > 3) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": unit '", code, "' is not in force on ",
          absl::FormatCivilTime(day)));
    }
    switch (unit->level) {
      case core::UnitLevel::kProvince:
        path.province = unit->code;
        break;
      case core::UnitLevel::kDistrict:
        path.district = unit->code;
        break;
      case core::UnitLevel::kCommune:
        path.commune = unit->code;
        break;
      case core::UnitLevel::kUnspecified:
        break;
    }
    code = unit->parent_code;
  }
  return path;
}

bool PathHas(const core::UnitPath& path, const core::Scope& s) {
  switch (s.kind) {
    case core::ScopeKind::kDeployment:
      return true;
    case core::ScopeKind::kProvince:
      return path.province == s.code;
    case core::ScopeKind::kDistrict:
      return path.district == s.code;
    case core::ScopeKind::kCommune:
      return path.commune == s.code;
    case core::ScopeKind::kAgency:
      return false;
  }
  return false;
}

}  // namespace

absl::StatusOr<core::UnitPath> UnitPathOf(storage::Store& store,
                                          const std::string& agency_code,
                                          absl::CivilDay day,
                                          absl::string_view field) {
  absl::StatusOr<core::Agency> agency = store.GetAgency(agency_code, day);
  if (!agency.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ": agency '", agency_code, "' is not in force on ",
        absl::FormatCivilTime(day)));
  }
  return PathOfUnit(store, agency->unit_code, day, field);
}

bool ScopeWithin(storage::Store& store, const core::Scope& outer,
                 const core::Scope& inner, absl::CivilDay day) {
  if (outer.kind == core::ScopeKind::kDeployment || outer == inner) return true;
  absl::StatusOr<core::UnitPath> path =
      inner.kind == core::ScopeKind::kAgency
          ? UnitPathOf(store, inner.code, day, "scope")
          : PathOfUnit(store, inner.code, day, "scope");
  return path.ok() && PathHas(*path, outer);
}

}  // namespace motcua::server

#include "core/catalogue_index.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "core/text.h"

namespace motcua::core {
namespace {

// Indexes `all`, sorted by code: each code to its first position.
template <typename Entry>
void Index(const std::vector<Entry>& all,
           std::map<std::string, size_t, std::less<>>& first) {
  for (size_t i = 0; i < all.size(); ++i) first.emplace(all[i].code, i);
}

}  // namespace

ProcedureSnapshot SnapshotOf(const Procedure& p) {
  return {p.code,         p.field_code,      p.online_level,
          p.online_class, p.processing_time, p.has_fee};
}

CatalogueIndex::CatalogueIndex(std::vector<Unit> units,
                               std::vector<Agency> agencies,
                               std::vector<Field> fields,
                               std::vector<Procedure> procedures)
    : units_(std::move(units)),
      agencies_(std::move(agencies)),
      fields_(std::move(fields)),
      procedures_(std::move(procedures)) {
  auto by_version = [](const auto& a, const auto& b) {
    return std::tie(a.code, a.validity.valid_from) <
           std::tie(b.code, b.validity.valid_from);
  };
  std::sort(units_.begin(), units_.end(), by_version);
  std::sort(agencies_.begin(), agencies_.end(), by_version);
  std::sort(procedures_.begin(), procedures_.end(), by_version);
  std::sort(fields_.begin(), fields_.end(),
            [](const Field& a, const Field& b) { return a.code < b.code; });
  Index(units_, unit_first_);
  Index(agencies_, agency_first_);
  Index(fields_, field_first_);
  Index(procedures_, procedure_first_);
}

template <typename Entry>
const Entry* CatalogueIndex::VersionOn(
    const std::vector<Entry>& all,
    const std::map<std::string, size_t, std::less<>>& first,
    absl::string_view code, absl::CivilDay day) {
  auto it = first.find(code);
  if (it == first.end()) return nullptr;
  for (size_t i = it->second; i < all.size() && all[i].code == code; ++i) {
    if (all[i].validity.Covers(day)) return &all[i];
  }
  return nullptr;
}

const Unit* CatalogueIndex::UnitOn(absl::string_view code,
                                   absl::CivilDay day) const {
  return VersionOn(units_, unit_first_, code, day);
}

const Agency* CatalogueIndex::AgencyOn(absl::string_view code,
                                       absl::CivilDay day) const {
  return VersionOn(agencies_, agency_first_, code, day);
}

const Procedure* CatalogueIndex::ProcedureOn(absl::string_view code,
                                             absl::CivilDay day) const {
  return VersionOn(procedures_, procedure_first_, code, day);
}

const Field* CatalogueIndex::FieldOf(absl::string_view code) const {
  auto it = field_first_.find(code);
  return it == field_first_.end() ? nullptr : &fields_[it->second];
}

absl::StatusOr<ProcedureSnapshot> CatalogueIndex::ProcedureSnapshotOn(
    absl::string_view code, absl::CivilDay day, absl::string_view field) const {
  const Procedure* p = ProcedureOn(code, day);
  if (p == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": procedure '", Quote(code),
                     "' is not in force on ", absl::FormatCivilTime(day)));
  }
  return SnapshotOf(*p);
}

absl::StatusOr<UnitPath> CatalogueIndex::UnitPathOf(
    absl::string_view agency_code, absl::CivilDay day,
    absl::string_view field) const {
  const Agency* agency = AgencyOn(agency_code, day);
  if (agency == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": agency '", Quote(agency_code),
                     "' is not in force on ", absl::FormatCivilTime(day)));
  }
  return PathOfUnit(agency->unit_code, day, field);
}

absl::StatusOr<UnitPath> CatalogueIndex::PathOfUnit(
    absl::string_view unit_code, absl::CivilDay day,
    absl::string_view field) const {
  UnitPath path;
  std::string code(unit_code);
  // Province, district, commune: a longer chain is a cycle in the data.
  for (int depth = 0; !code.empty(); ++depth) {
    const Unit* unit = UnitOn(code, day);
    if (unit == nullptr || depth > 3) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": unit '", Quote(code), "' is not in force on ",
                       absl::FormatCivilTime(day)));
    }
    switch (unit->level) {
      case UnitLevel::kProvince:
        path.province = unit->code;
        break;
      case UnitLevel::kDistrict:
        path.district = unit->code;
        break;
      case UnitLevel::kCommune:
        path.commune = unit->code;
        break;
      case UnitLevel::kUnspecified:
        break;
    }
    code = unit->parent_code;
  }
  return path;
}

ScopeContains CatalogueIndex::ContainsOn(absl::CivilDay day) const {
  return [this, day](const Scope& outer, const Scope& inner) {
    return ScopeWithin(outer, inner, day);
  };
}

bool CatalogueIndex::ScopeWithin(const Scope& outer, const Scope& inner,
                                 absl::CivilDay day) const {
  if (outer.kind == ScopeKind::kDeployment || outer == inner) return true;
  absl::StatusOr<UnitPath> path = inner.kind == ScopeKind::kAgency
                                      ? UnitPathOf(inner.code, day, "scope")
                                      : PathOfUnit(inner.code, day, "scope");
  return path.ok() && PathWithin(*path, outer);
}

}  // namespace motcua::core

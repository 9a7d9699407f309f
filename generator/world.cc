#include "generator/world.h"

namespace motcua::generator {

core::UnitPath World::PathOf(const std::string& agency_code,
                             absl::CivilDay day) const {
  core::UnitPath path;
  std::string unit;
  for (const core::Agency& a : agencies) {
    if (a.code == agency_code && a.validity.Covers(day)) unit = a.unit_code;
  }
  while (!unit.empty()) {
    std::string parent;
    for (const core::Unit& u : units) {
      if (u.code != unit || !u.validity.Covers(day)) continue;
      if (u.level == core::UnitLevel::kProvince) path.province = u.code;
      if (u.level == core::UnitLevel::kDistrict) path.district = u.code;
      if (u.level == core::UnitLevel::kCommune) path.commune = u.code;
      parent = u.parent_code;
    }
    unit = parent;
  }
  return path;
}

core::ProcedureSnapshot World::SnapshotOf(const core::Procedure& p) const {
  return {p.code, p.field_code, p.online_level, p.online_class,
          p.processing_time, p.has_fee};
}

absl::Status LoadWorld(const World& world, storage::Store& store) {
  for (const core::Unit& u : world.units) {
    absl::Status s = store.PutUnit(u);
    if (!s.ok()) return s;
  }
  for (const core::Agency& a : world.agencies) {
    absl::Status s = store.PutAgency(a);
    if (!s.ok()) return s;
  }
  for (const core::Field& f : world.fields) {
    absl::Status s = store.PutField(f);
    if (!s.ok()) return s;
  }
  for (const core::Procedure& p : world.procedures) {
    absl::Status s = store.PutProcedure(p);
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<World> WorldFromStore(storage::Store& store) {
  World w;
  auto units = store.ListUnits(std::nullopt);
  if (!units.ok()) return units.status();
  auto agencies = store.ListAgencies(std::nullopt);
  if (!agencies.ok()) return agencies.status();
  auto fields = store.ListFields();
  if (!fields.ok()) return fields.status();
  auto procedures = store.ListProcedures(std::nullopt);
  if (!procedures.ok()) return procedures.status();
  if (agencies->empty() || procedures->empty()) {
    return absl::FailedPreconditionError(
        "the store has no catalogue: load agencies and procedures first");
  }
  w.units = *std::move(units);
  w.agencies = *std::move(agencies);
  w.fields = *std::move(fields);
  w.procedures = *std::move(procedures);
  return w;
}

}  // namespace motcua::generator

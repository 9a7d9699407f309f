#include "generator/world.h"

#include "core/status_macros.h"

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
  return {p.code,         p.field_code,      p.online_level,
          p.online_class, p.processing_time, p.has_fee};
}

absl::Status LoadWorld(const World& world, storage::Store& store) {
  for (const core::Unit& u : world.units) {
    MOTCUA_RETURN_IF_ERROR(store.PutUnit(u));
  }
  for (const core::Agency& a : world.agencies) {
    MOTCUA_RETURN_IF_ERROR(store.PutAgency(a));
  }
  for (const core::Field& f : world.fields) {
    MOTCUA_RETURN_IF_ERROR(store.PutField(f));
  }
  for (const core::Procedure& p : world.procedures) {
    MOTCUA_RETURN_IF_ERROR(store.PutProcedure(p));
  }
  return absl::OkStatus();
}

absl::StatusOr<World> WorldFromStore(storage::Store& store) {
  World w;
  MOTCUA_ASSIGN_OR_RETURN(auto units, store.ListUnits(std::nullopt));
  MOTCUA_ASSIGN_OR_RETURN(auto agencies, store.ListAgencies(std::nullopt));
  MOTCUA_ASSIGN_OR_RETURN(auto fields, store.ListFields());
  MOTCUA_ASSIGN_OR_RETURN(auto procedures, store.ListProcedures(std::nullopt));
  if (agencies.empty() || procedures.empty()) {
    return absl::FailedPreconditionError(
        "the store has no catalogue: load agencies and procedures first");
  }
  w.units = std::move(units);
  w.agencies = std::move(agencies);
  w.fields = std::move(fields);
  w.procedures = std::move(procedures);
  return w;
}

}  // namespace motcua::generator

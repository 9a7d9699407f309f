#include "generator/world.h"

#include "core/status_macros.h"

namespace motcua::generator {

core::UnitPath World::PathOf(const std::string& agency_code,
                             absl::CivilDay day) const {
  if (index_ == nullptr || indexed_units_ != units.size() ||
      indexed_agencies_ != agencies.size()) {
    index_ = std::make_shared<const core::CatalogueIndex>(
        units, agencies, std::vector<core::Field>(),
        std::vector<core::Procedure>());
    indexed_units_ = units.size();
    indexed_agencies_ = agencies.size();
  }
  absl::StatusOr<core::UnitPath> path =
      index_->UnitPathOf(agency_code, day, "agency");
  return path.ok() ? *path : core::UnitPath();
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

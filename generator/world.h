// A catalogue held in memory (units, agencies, fields, procedures) for
// generating dossiers quickly: the hierarchy and procedure snapshots a
// dossier takes at reception, without a store lookup per dossier.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "core/catalogue.h"
#include "core/catalogue_index.h"
#include "core/dossier.h"
#include "storage/store.h"

namespace motcua::generator {

struct World {
  std::vector<core::Unit> units;
  std::vector<core::Agency> agencies;
  std::vector<core::Field> fields;
  std::vector<core::Procedure> procedures;

  // The agency's place in the hierarchy in force on `day`
  // (core::CatalogueIndex::UnitPathOf); empty when the catalogue has none.
  core::UnitPath PathOf(const std::string& agency_code,
                        absl::CivilDay day) const;
  core::ProcedureSnapshot SnapshotOf(const core::Procedure& p) const {
    return core::SnapshotOf(p);
  }

 private:
  // The units and agencies indexed, built at the first PathOf and again
  // when their number changes (tests edit a world before using it).
  mutable std::shared_ptr<const core::CatalogueIndex> index_;
  mutable size_t indexed_units_ = 0;
  mutable size_t indexed_agencies_ = 0;
};

// Stores the world's catalogue in `store`.
absl::Status LoadWorld(const World& world, storage::Store& store);

// The catalogue stored in `store`, every version. FailedPrecondition when
// it has no agency or no procedure (nothing could be generated).
absl::StatusOr<World> WorldFromStore(storage::Store& store);

}  // namespace motcua::generator

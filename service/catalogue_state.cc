#include "service/catalogue_state.h"

#include "core/status_macros.h"

namespace motcua::service {

absl::StatusOr<std::unique_ptr<CatalogueState>> CatalogueState::Load(
    storage::Store& store) {
  std::unique_ptr<CatalogueState> state(new CatalogueState(store));
  MOTCUA_RETURN_IF_ERROR(state->Rebuild());
  return state;
}

std::shared_ptr<const core::CatalogueIndex> CatalogueState::Get() const {
  std::lock_guard<std::mutex> lock(current_mutex_);
  return current_;
}

absl::Status CatalogueState::Change(
    const std::function<absl::Status()>& write) {
  std::lock_guard<std::mutex> lock(writer_);
  const absl::Status written = write();
  MOTCUA_RETURN_IF_ERROR(Rebuild());
  return written;
}

absl::Status CatalogueState::Rebuild() {
  MOTCUA_ASSIGN_OR_RETURN(std::vector<core::Unit> units,
                          store_.ListUnits(std::nullopt));
  MOTCUA_ASSIGN_OR_RETURN(std::vector<core::Agency> agencies,
                          store_.ListAgencies(std::nullopt));
  MOTCUA_ASSIGN_OR_RETURN(std::vector<core::Field> fields, store_.ListFields());
  MOTCUA_ASSIGN_OR_RETURN(std::vector<core::Procedure> procedures,
                          store_.ListProcedures(std::nullopt));
  auto index = std::make_shared<const core::CatalogueIndex>(
      std::move(units), std::move(agencies), std::move(fields),
      std::move(procedures));
  std::lock_guard<std::mutex> lock(current_mutex_);
  current_ = std::move(index);
  return absl::OkStatus();
}

}  // namespace motcua::service

#include "service/domain_state.h"

#include "core/status_macros.h"

namespace motcua::service {

absl::StatusOr<std::unique_ptr<DomainState>> DomainState::Load(
    storage::Store& store) {
  std::unique_ptr<DomainState> state(new DomainState(store));
  MOTCUA_RETURN_IF_ERROR(state->Reload());
  return state;
}

std::shared_ptr<const Domain> DomainState::Get() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

absl::Status DomainState::Reload() {
  MOTCUA_ASSIGN_OR_RETURN(core::Settings settings, store_.GetSettings());
  MOTCUA_ASSIGN_OR_RETURN(std::vector<core::CalendarYear> years,
                          store_.ListCalendarYears());
  MOTCUA_ASSIGN_OR_RETURN(
      core::WorkingCalendar calendar,
      core::WorkingCalendar::Create(settings.schedule, years));
  auto domain = std::make_shared<const Domain>(
      Domain{std::move(calendar), settings.rules});
  std::lock_guard<std::mutex> lock(mutex_);
  current_ = std::move(domain);
  return absl::OkStatus();
}

}  // namespace motcua::service

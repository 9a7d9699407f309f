#include "service/domain_state.h"

namespace motcua::service {

absl::StatusOr<std::unique_ptr<DomainState>> DomainState::Load(
    storage::Store& store) {
  std::unique_ptr<DomainState> state(new DomainState(store));
  absl::Status s = state->Reload();
  if (!s.ok()) return s;
  return state;
}

std::shared_ptr<const Domain> DomainState::Get() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return current_;
}

absl::Status DomainState::Reload() {
  absl::StatusOr<core::Settings> settings = store_.GetSettings();
  if (!settings.ok()) return settings.status();
  absl::StatusOr<std::vector<core::CalendarYear>> years =
      store_.ListCalendarYears();
  if (!years.ok()) return years.status();
  absl::StatusOr<core::WorkingCalendar> calendar =
      core::WorkingCalendar::Create(settings->schedule, *years);
  if (!calendar.ok()) return calendar.status();
  auto domain = std::make_shared<const Domain>(
      Domain{*std::move(calendar), settings->rules});
  std::lock_guard<std::mutex> lock(mutex_);
  current_ = std::move(domain);
  return absl::OkStatus();
}

}  // namespace motcua::service

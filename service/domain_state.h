// The deployment's working calendar and rules as one immutable snapshot,
// rebuilt from the store when an administrator replaces a calendar year or
// the settings. Handlers take a snapshot per call, so a change never mixes
// two calendars inside one computation.
#pragma once

#include <memory>
#include <mutex>

#include "absl/status/statusor.h"
#include "core/domain_rules.h"
#include "core/working_calendar.h"
#include "storage/store.h"

namespace motcua::service {

struct Domain {
  core::WorkingCalendar calendar;
  core::DomainRules rules;
};

class DomainState {
 public:
  // Builds the first snapshot from `store`'s calendar years and settings.
  static absl::StatusOr<std::unique_ptr<DomainState>> Load(
      storage::Store& store);

  std::shared_ptr<const Domain> Get() const;
  // Rebuilds from the store (after a calendar or settings change).
  absl::Status Reload();

 private:
  explicit DomainState(storage::Store& store) : store_(store) {}
  storage::Store& store_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Domain> current_;
};

}  // namespace motcua::service

// The calendar operations of the API: the working calendar's years, the
// deployment's settings, and due-date previews. Reads need any valid token;
// writes need ADMIN and rebuild the calendar held in memory.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "core/calendar_year.h"
#include "core/domain_rules.h"
#include "core/due_date.h"
#include "service/catalogue_state.h"
#include "service/domain_state.h"
#include "storage/store.h"

namespace motcua::service {

struct DueDatePreview {
  absl::Time due_at;
  absl::CivilDay due_date;
  bool provisional = true;  // the due year's calendar is provisional
  core::ProcessingTime processing_time;
};

class Calendar {
 public:
  Calendar(storage::Store& store, DomainState& domain,
           CatalogueState& catalogue, std::function<absl::Time()> clock);

  // NotFound when no calendar is loaded for `year`.
  absl::StatusOr<core::CalendarYear> GetYear(int year);
  absl::StatusOr<std::vector<core::CalendarYear>> ListYears();
  // ADMIN only: creates or replaces one year.
  absl::StatusOr<core::CalendarYear> PutYear(const core::Principal& caller,
                                             const core::CalendarYear& year);
  absl::StatusOr<core::Settings> GetSettings();
  // ADMIN only. FailedPrecondition for a granularity change once dossiers
  // exist.
  absl::StatusOr<core::Settings> UpdateSettings(const core::Principal& caller,
                                                const core::Settings& settings);
  // The due instant of a dossier of `procedure_code` received at
  // `received_at` (default now).
  absl::StatusOr<DueDatePreview> PreviewDueDate(
      const std::string& procedure_code, std::optional<absl::Time> received_at);

 private:
  storage::Store& store_;
  DomainState& domain_;
  CatalogueState& catalogue_;
  std::function<absl::Time()> clock_;
};

}  // namespace motcua::service

// Early warnings (issue 16): the open dossiers of a scope or agency that are
// overdue now or due soon, most urgent first, each with its due instant and
// the working time left (core/open_deadline.h: the clock stopped while the
// dossier waits), those that will be late with no apology yet flagged, and
// the inter-agency steps overdue or due soon under the agency holding them.
//
// Read from the store's per-agency indexes, never by scanning a scope's
// dossiers: for each agency the scope may hold, its overdue dossiers (the
// most overdue first, at most `limit`), then its dossiers due on each day
// of the due-soon window until `limit` are due soon, and its open steps
// (held by it, or on its dossiers) due by the window's end, the earliest
// due first, at most `limit`.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "core/open_deadline.h"
#include "service/catalogue_state.h"
#include "service/domain_state.h"
#include "service/dossiers.h"
#include "storage/store.h"

namespace motcua::service {

// Numbers follow the API's DeadlineWarning.Urgency.
enum class Urgency {
  kUnspecified = 0,
  kOverdue = 1,
  kDueSoon = 2,
};

struct WarningsRequest {
  core::Scope scope;  // a unit (or the deployment), or an agency
  // The due-soon window in working time; unset: to the end of the next
  // working day (core::DueSoonWindow).
  std::optional<absl::Duration> within;
  // The most overdue dossiers, the most due soon and the most steps listed
  // (the most urgent of each): 0 means 100; at most 1000.
  int limit = 0;
};

struct DossierWarning {
  DossierView view;  // personal data as ListDossiers shows it
  Urgency urgency = Urgency::kUnspecified;
  core::OpenDeadline deadline;
  // Overdue or due soon, and no apology (form 04) made yet.
  bool needs_apology = false;
};

// The open inter-agency step of a dossier, under the agency holding it.
struct StepWarning {
  std::string holder_agency_code;
  std::string dossier_code;
  std::string dossier_agency_code;  // the receiving agency
  core::ProcessingTime allotted;
  absl::Time started_at;
  Urgency urgency = Urgency::kUnspecified;
  core::OpenDeadline deadline;
};

struct WarningList {
  absl::Time as_of;
  absl::Duration window;  // the due-soon window, in working time
  // Overdue first, then due soon; each by time left, due instant, code.
  std::vector<DossierWarning> dossiers;
  // By holding agency, then as the dossiers.
  std::vector<StepWarning> steps;
  // A kind reached `limit` (overdue, due soon or steps) and more of it,
  // the least urgent, were or may have been left out.
  bool truncated = false;
};

class DeadlineWarnings {
 public:
  DeadlineWarnings(storage::Store& store, DomainState& domain,
                   CatalogueState& catalogue,
                   std::function<absl::Time()> clock);

  // The warnings of `request.scope` as of now. Who sees what: ADMIN
  // anything; VIEWER and BATCH a scope within their unit, each dossier
  // received within it; DESK an agency it serves: that agency's dossiers
  // and the steps on them, and the steps it holds. PermissionDenied otherwise
  // (before any read, so nothing tells whether the scope exists);
  // InvalidArgument naming the field for a bad `within` or `limit`.
  //
  // Steps are the open inter-agency steps held by the scope's agencies
  // (for a unit scope, every agency that was ever within it), whoever
  // received the dossier, and those on the scope's dossiers, wherever held:
  // every caller who may ask for the scope sees them, a step held within it
  // on a dossier received outside included (a step carries codes and times,
  // no personal data; the dossier itself stays readable only as
  // core::CheckCanReadDossier allows).
  absl::StatusOr<WarningList> List(const core::Principal& caller,
                                   const WarningsRequest& request);

 private:
  storage::Store& store_;
  DomainState& domain_;
  CatalogueState& catalogue_;
  std::function<absl::Time()> clock_;
};

}  // namespace motcua::service

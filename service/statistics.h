// The statistics operations of the API: form 06 reports, rates, online
// procedure ratios and exports of a scope and period, checked against the
// caller's scope and judged as of the period's end (or now).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "core/counters.h"
#include "core/form06.h"
#include "core/rates.h"
#include "service/catalogue_state.h"
#include "service/domain_state.h"
#include "service/dossiers.h"
#include "service/statistics_figures.h"
#include "storage/store.h"

namespace motcua::service {

// Numbers follow the API's GetReportRequest.Breakdown.
enum class Breakdown {
  kUnspecified = 0,  // by field
  kField = 1,
  kChildUnit = 2,
  kProcedure = 3,
  kMonth = 4,
  kAgency = 5,
};

struct Period {
  absl::CivilDay from;
  absl::CivilDay to;
};

struct ReportRow {
  std::string key;   // field, unit, procedure or agency code; "2025-03"
  std::string name;  // the catalogue's name, where it has one
  core::Form06 form;
};

struct Report {
  absl::Time as_of;  // the instant the in-progress columns are judged at
  core::Form06 total;
  std::vector<ReportRow> rows;
};

// The count columns of form 06, as the API's Form06Row names them.
enum class ReportColumn {
  kReceivedTotal,
  kReceivedOnline,
  kReceivedDirectPostal,
  kCarriedOver,
  kResolvedTotal,
  kResolvedEarly,
  kResolvedOnTime,
  kResolvedLate,
  kInProgressTotal,
  kInProgressWithinTime,
  kInProgressOverdue,
  kAwaitingSupplement,
  kWithdrawn,
  kNotAccepted,
  kLateWithApology,
  kReceivedOnlineLevel3,
  kReceivedOnlineLevel4,
  kReceivedOnlinePartial,
  kReceivedOnlineFull,
  kStepsEarly,
  kStepsOnTime,
  kStepsLate,
};
// "resolved_late" -> kResolvedLate; InvalidArgument naming the column and
// the accepted names otherwise.
absl::StatusOr<ReportColumn> ReportColumnNamed(absl::string_view name);
// The value of `column` in `form`.
int64_t ColumnOf(const core::Form06& form, ReportColumn column);

// One cell of a report: GetReport's scope, period and breakdown, a row
// (its key; empty for the total) and a column.
struct ReportCell {
  core::Scope scope;
  Period period;
  Breakdown breakdown = Breakdown::kUnspecified;
  std::string row_key;
  ReportColumn column = ReportColumn::kReceivedTotal;
};

// A page of a cell's dossiers.
struct ReportCellPage {
  absl::Time as_of;        // the instant the cell is judged at, as in Report
  int64_t cell_value = 0;  // the cell's number, read with this page
  std::vector<DossierView> dossiers;
  std::string next_page_token;  // empty on the last page
};

struct RatesReport {
  absl::Time as_of;
  core::Rates total;
  std::vector<std::pair<std::string, core::Rates>> months;  // "2025-03"
};

struct OnlineProcedureRatios {
  absl::CivilDay as_of;
  core::Rate level3, level4, partial, full;
};

// Pages of an export, read one at a time (memory stays one page).
class ExportCursor {
 public:
  ExportCursor(storage::Store& store, core::Principal caller,
               storage::DossierQuery query)
      : store_(store), caller_(std::move(caller)), query_(std::move(query)) {}
  // The next non-empty page, in reception order; empty when done.
  absl::StatusOr<std::vector<DossierView>> Next();

 private:
  storage::Store& store_;
  const core::Principal caller_;
  storage::DossierQuery query_;
  bool done_ = false;
};

class Statistics {
 public:
  Statistics(storage::Store& store, DomainState& domain,
             CatalogueState& catalogue, std::function<absl::Time()> clock);

  // Form 06 of `scope` for `period`: the total and one row per key of
  // `breakdown`.
  absl::StatusOr<Report> GetReport(const core::Principal& caller,
                                   const core::Scope& scope,
                                   const Period& period, Breakdown breakdown);
  // The rates of the period, and of each month when `monthly`.
  absl::StatusOr<RatesReport> GetRates(const core::Principal& caller,
                                       const core::Scope& scope,
                                       const Period& period, bool monthly);
  // The share of the scope's procedures online at each level, on `as_of`
  // (default: today).
  absl::StatusOr<OnlineProcedureRatios> GetOnlineProcedureRatios(
      const core::Principal& caller, const core::Scope& scope,
      std::optional<absl::CivilDay> as_of);
  // The dossiers a report cell counts, as many as the cell says (a
  // dossier counted twice in one cell, which real histories never are,
  // appears twice), in this order: period columns by the day they count
  // the dossier, then code; standing columns (carried over, in progress,
  // awaiting supplement) by the day the dossier's last standing under the
  // row's scope ends (open ones last), then code; received_total lists the
  // carried-over dossiers, then those received in the period. Personal
  // data as ListDossiers shows it. A page may hold fewer than `page_size`
  // (1..1000, 0 means 50) dossiers: follow next_page_token. NotFound for a
  // row the report does not list (CHILD_UNIT, AGENCY, MONTH).
  absl::StatusOr<ReportCellPage> ListReportDossiers(
      const core::Principal& caller, const ReportCell& cell, int page_size,
      const std::string& page_token);
  // The scope's dossiers received in the period, `page_size` per page.
  absl::StatusOr<std::unique_ptr<ExportCursor>> Export(
      const core::Principal& caller, const core::Scope& scope,
      const Period& period, int page_size);

 private:
  // The caller allowed to read the scope; the period with its as-of day
  // and instant (the end of `to`, or now when `to` has not ended).
  struct Call {
    StatisticsPeriod period;
    absl::Time as_of;
    std::shared_ptr<const core::CatalogueIndex> catalogue;
  };
  // The scope, dimension and period of a cell's row.
  struct CellRow;
  absl::StatusOr<CellRow> ResolveRow(const Call& call, const core::Scope& scope,
                                     Breakdown breakdown,
                                     const std::string& row_key);
  absl::StatusOr<Call> Begin(const core::Principal& caller,
                             const core::Scope& scope, const Period& period,
                             absl::Time now);
  absl::StatusOr<std::vector<std::pair<std::string, core::Form06>>>
  MonthlyForms(const core::Scope& scope, const StatisticsPeriod& p);
  absl::Status AddRows(const core::CatalogueIndex& catalogue,
                       const core::Scope& scope, const StatisticsPeriod& p,
                       Breakdown breakdown, std::vector<ReportRow>* rows);

  storage::Store& store_;
  DomainState& domain_;
  CatalogueState& catalogue_;
  std::function<absl::Time()> clock_;
};

}  // namespace motcua::service

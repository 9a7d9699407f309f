// Statistics: the dossiers behind a report cell (drill-down). The cell
// index gives, for each column, the dossiers whose counters make the
// cell; this file only maps columns and rows onto it.
#include <set>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/status_macros.h"
#include "service/report_rows.h"
#include "service/statistics.h"

namespace motcua::service {
namespace {

struct NamedColumn {
  absl::string_view name;
  ReportColumn column;
};

constexpr NamedColumn kColumns[] = {
    {"received_total", ReportColumn::kReceivedTotal},
    {"received_online", ReportColumn::kReceivedOnline},
    {"received_direct_postal", ReportColumn::kReceivedDirectPostal},
    {"carried_over", ReportColumn::kCarriedOver},
    {"resolved_total", ReportColumn::kResolvedTotal},
    {"resolved_early", ReportColumn::kResolvedEarly},
    {"resolved_on_time", ReportColumn::kResolvedOnTime},
    {"resolved_late", ReportColumn::kResolvedLate},
    {"in_progress_total", ReportColumn::kInProgressTotal},
    {"in_progress_within_time", ReportColumn::kInProgressWithinTime},
    {"in_progress_overdue", ReportColumn::kInProgressOverdue},
    {"awaiting_supplement", ReportColumn::kAwaitingSupplement},
    {"withdrawn", ReportColumn::kWithdrawn},
    {"not_accepted", ReportColumn::kNotAccepted},
    {"late_with_apology", ReportColumn::kLateWithApology},
    {"received_online_level3", ReportColumn::kReceivedOnlineLevel3},
    {"received_online_level4", ReportColumn::kReceivedOnlineLevel4},
    {"received_online_partial", ReportColumn::kReceivedOnlinePartial},
    {"received_online_full", ReportColumn::kReceivedOnlineFull},
    {"steps_early", ReportColumn::kStepsEarly},
    {"steps_on_time", ReportColumn::kStepsOnTime},
    {"steps_late", ReportColumn::kStepsLate},
};

using core::Metric;

// Where a column's dossiers come from: period metrics summed over the
// period, or a standing at the end of the day before the period (carried
// over) or of the as-of day.
struct Source {
  std::vector<Metric> metrics;
  std::optional<core::Standing> standing;
  bool before_period = false;
};

Source Sum(std::vector<Metric> metrics) {
  Source s;
  s.metrics = std::move(metrics);
  return s;
}

Source Standing(core::Standing standing, bool before_period) {
  Source s;
  s.standing = standing;
  s.before_period = before_period;
  return s;
}

std::vector<Source> SourcesOf(ReportColumn column) {
  switch (column) {
    case ReportColumn::kReceivedTotal:
      return {Standing(core::Standing::kOpen, true),
              Sum({Metric::kReceivedDirect, Metric::kReceivedOnline,
                   Metric::kReceivedPostal})};
    case ReportColumn::kReceivedOnline:
      return {Sum({Metric::kReceivedOnline})};
    case ReportColumn::kReceivedDirectPostal:
      return {Sum({Metric::kReceivedDirect, Metric::kReceivedPostal})};
    case ReportColumn::kCarriedOver:
      return {Standing(core::Standing::kOpen, true)};
    case ReportColumn::kResolvedTotal:
      return {Sum({Metric::kFinishedEarly, Metric::kFinishedOnTime,
                   Metric::kFinishedLate})};
    case ReportColumn::kResolvedEarly:
      return {Sum({Metric::kFinishedEarly})};
    case ReportColumn::kResolvedOnTime:
      return {Sum({Metric::kFinishedOnTime})};
    case ReportColumn::kResolvedLate:
      return {Sum({Metric::kFinishedLate})};
    case ReportColumn::kInProgressTotal:
    case ReportColumn::kInProgressWithinTime:
      return {Standing(core::Standing::kOpen, false)};
    case ReportColumn::kInProgressOverdue:
      return {Standing(core::Standing::kOverdue, false)};
    case ReportColumn::kAwaitingSupplement:
      return {Standing(core::Standing::kAwaitingSupplement, false)};
    case ReportColumn::kWithdrawn:
      return {Sum({Metric::kFinishedWithdrawn})};
    case ReportColumn::kNotAccepted:
      return {Sum({Metric::kNotAccepted})};
    case ReportColumn::kLateWithApology:
      return {Sum({Metric::kFinishedLateWithApology})};
    case ReportColumn::kReceivedOnlineLevel3:
      return {Sum({Metric::kReceivedOnlineLevel3})};
    case ReportColumn::kReceivedOnlineLevel4:
      return {Sum({Metric::kReceivedOnlineLevel4})};
    case ReportColumn::kReceivedOnlinePartial:
      return {Sum({Metric::kReceivedOnlinePartial})};
    case ReportColumn::kReceivedOnlineFull:
      return {Sum({Metric::kReceivedOnlineFull})};
    case ReportColumn::kStepsEarly:
      return {Sum({Metric::kStepEarly})};
    case ReportColumn::kStepsOnTime:
      return {Sum({Metric::kStepOnTime})};
    case ReportColumn::kStepsLate:
      return {Sum({Metric::kStepLate})};
  }
  return {};
}

// How many times `d` counts in `column` (Form06's arithmetic for one
// dossier): `within_now` when the figures as of an instant move it from
// overdue back to within time (StatisticsPeriod::within_time_at_instant).
int64_t TimesCounted(ReportColumn column, const storage::CountedDossier& d,
                     absl::CivilDay at, bool within_now) {
  switch (column) {
    case ReportColumn::kInProgressWithinTime:
      return d.share.StandingAt(core::Standing::kOpen, at) -
             d.share.StandingAt(core::Standing::kOverdue, at) +
             (within_now ? 1 : 0);
    case ReportColumn::kInProgressOverdue:
      return d.times - (within_now ? 1 : 0);
    default:
      return d.times;
  }
}

// A page token: the source's index, then the store's token within it.
std::string EncodeToken(size_t source, const std::string& store_token) {
  return absl::WebSafeBase64Escape(
      absl::StrCat(std::string(1, static_cast<char>(source)), store_token));
}

}  // namespace

struct Statistics::CellRow {
  core::Scope scope;
  core::Dimension dimension = core::Dimension::kTotal;
  std::string code;
  StatisticsPeriod period;
};

absl::StatusOr<ReportColumn> ReportColumnNamed(absl::string_view name) {
  for (const NamedColumn& c : kColumns) {
    if (c.name == name) return c.column;
  }
  std::vector<absl::string_view> names;
  for (const NamedColumn& c : kColumns) names.push_back(c.name);
  return absl::InvalidArgumentError(absl::StrCat(
      "column '", absl::CHexEscape(name.substr(0, 100)),
      "' is not a report column; one of: ", absl::StrJoin(names, ", ")));
}

int64_t ColumnOf(const core::Form06& f, ReportColumn column) {
  const int64_t values[] = {f.received_total,
                            f.received_online,
                            f.received_direct_postal,
                            f.carried_over,
                            f.resolved_total,
                            f.resolved_early,
                            f.resolved_on_time,
                            f.resolved_late,
                            f.in_progress_total,
                            f.in_progress_within_time,
                            f.in_progress_overdue,
                            f.awaiting_supplement,
                            f.withdrawn,
                            f.not_accepted,
                            f.late_with_apology,
                            f.received_online_level3,
                            f.received_online_level4,
                            f.received_online_partial,
                            f.received_online_full,
                            f.steps_early,
                            f.steps_on_time,
                            f.steps_late};
  return values[static_cast<int>(column)];
}

absl::StatusOr<Statistics::CellRow> Statistics::ResolveRow(
    const Call& call, const core::Scope& scope, Breakdown breakdown,
    const std::string& key) {
  const StatisticsPeriod& p = call.period;
  if (key.empty()) return CellRow{scope, core::Dimension::kTotal, "", p};
  switch (breakdown) {
    case Breakdown::kUnspecified:
    case Breakdown::kField:
      return CellRow{scope, core::Dimension::kField, key, p};
    case Breakdown::kProcedure:
      return CellRow{scope, core::Dimension::kProcedure, key, p};
    case Breakdown::kChildUnit:
    case Breakdown::kAgency: {
      const std::vector<core::Scope> rows =
          breakdown == Breakdown::kChildUnit
              ? ChildRowScopes(*call.catalogue, scope, p.from, p.to)
              : AgencyRowScopes(*call.catalogue, scope, p.from, p.to);
      for (const core::Scope& row : rows) {
        if (row.code == key)
          return CellRow{row, core::Dimension::kTotal, "", p};
      }
      break;
    }
    case Breakdown::kMonth:
      for (const auto& [month_key, month] : MonthPeriods(p)) {
        if (month_key == key) {
          return CellRow{scope, core::Dimension::kTotal, "", month};
        }
      }
      break;
    default:
      return absl::InvalidArgumentError(
          "breakdown must be FIELD, CHILD_UNIT, PROCEDURE, MONTH or AGENCY");
  }
  return absl::NotFoundError(absl::StrCat("row '",
                                          absl::CHexEscape(key.substr(0, 100)),
                                          "' is not a row of this report"));
}

absl::StatusOr<ReportCellPage> Statistics::ListReportDossiers(
    const core::Principal& caller, const ReportCell& cell, int page_size,
    const std::string& page_token) {
  MOTCUA_ASSIGN_OR_RETURN(const Call call,
                          Begin(caller, cell.scope, cell.period, clock_()));
  MOTCUA_ASSIGN_OR_RETURN(
      const CellRow row,
      ResolveRow(call, cell.scope, cell.breakdown, cell.row_key));
  const std::vector<Source> sources = SourcesOf(cell.column);
  size_t source = 0;
  std::string store_token;
  if (!page_token.empty()) {
    std::string raw;
    if (!absl::WebSafeBase64Unescape(page_token, &raw) || raw.empty() ||
        static_cast<size_t>(static_cast<unsigned char>(raw[0])) >=
            sources.size()) {
      return absl::InvalidArgumentError(
          "page_token is not a token of this query");
    }
    source = static_cast<unsigned char>(raw[0]);
    store_token = raw.substr(1);
  }

  ReportCellPage page;
  page.as_of = call.as_of;
  MOTCUA_ASSIGN_OR_RETURN(
      const core::Form06 form,
      Form06For(store_, row.scope, row.dimension, row.code, row.period));
  page.cell_value = ColumnOf(form, cell.column);

  const Source& from = sources[source];
  storage::CountedQuery q;
  q.scope = row.scope;
  q.dimension = row.dimension;
  q.dimension_code = row.code;
  q.page_size = page_size;
  q.page_token = store_token;
  q.metrics = from.metrics;
  q.first = row.period.from;
  q.last = row.period.to;
  q.standing = from.standing;
  q.at = from.before_period ? row.period.from - 1 : row.period.as_of;
  MOTCUA_ASSIGN_OR_RETURN(storage::CountedPage counted, store_.ListCounted(q));

  std::set<std::string> within_now;
  if (row.period.within_time_at_instant != nullptr && !from.before_period) {
    for (const core::Dossier& d : *row.period.within_time_at_instant) {
      within_now.insert(d.code);
    }
  }
  page.dossiers.reserve(counted.dossiers.size());
  for (storage::CountedDossier& d : counted.dossiers) {
    const int64_t times = TimesCounted(cell.column, d, q.at,
                                       within_now.count(d.dossier.code) > 0);
    const bool personal = core::MaySeePersonalData(caller, d.dossier);
    for (int64_t k = 1; k < times; ++k) {
      page.dossiers.push_back({d.dossier, personal});
    }
    if (times > 0) page.dossiers.push_back({std::move(d.dossier), personal});
  }
  if (!counted.next_page_token.empty()) {
    page.next_page_token = EncodeToken(source, counted.next_page_token);
  } else if (source + 1 < sources.size()) {
    page.next_page_token = EncodeToken(source + 1, "");
  }
  return page;
}

}  // namespace motcua::service

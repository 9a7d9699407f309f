// The statistics commands: report form 06, the rates (on time, early,
// progress index, online ratios) and the export of a period's dossiers.
#include <algorithm>
#include <cstdint>
#include <iostream>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/cli_command.h"
#include "client/cli_convert.h"
#include "client/cli_output.h"
#include "core/status_macros.h"
#include "google/protobuf/util/json_util.h"

namespace motcua::client {
namespace {

// Form 06 columns: (English heading, Vietnamese heading, value); with
// `steps`, an agency's inter-agency steps too.
std::vector<std::tuple<const char*, const char*, int64_t>> Form06Columns(
    const v1::Form06Row& r, bool steps = false) {
  std::vector<std::tuple<const char*, const char*, int64_t>> columns = {
      {"received", "Tổng số tiếp nhận", r.received_total()},
      {"online", "Trực tuyến", r.received_online()},
      {"direct/postal", "Trực tiếp và bưu chính", r.received_direct_postal()},
      {"carried over", "Kỳ trước chuyển qua", r.carried_over()},
      {"resolved", "Tổng số đã giải quyết", r.resolved_total()},
      {"early", "Trước hạn", r.resolved_early()},
      {"on time", "Đúng hạn", r.resolved_on_time()},
      {"late", "Quá hạn", r.resolved_late()},
      {"in progress", "Tổng số đang giải quyết", r.in_progress_total()},
      {"within time", "Trong hạn", r.in_progress_within_time()},
      {"overdue", "Quá hạn (đang giải quyết)", r.in_progress_overdue()},
      {"awaiting supplement", "Chờ bổ sung", r.awaiting_supplement()},
      {"withdrawn", "Rút hồ sơ", r.withdrawn()},
      {"not accepted", "Không tiếp nhận", r.not_accepted()},
      {"late with apology", "Quá hạn có xin lỗi", r.late_with_apology()}};
  if (steps) {
    columns.push_back(
        {"steps early", "Bước liên thông trước hạn", r.steps_early()});
    columns.push_back(
        {"steps on time", "Bước liên thông đúng hạn", r.steps_on_time()});
    columns.push_back(
        {"steps late", "Bước liên thông quá hạn", r.steps_late()});
  }
  return columns;
}

// The CSV columns of a listed or exported dossier.
constexpr const char* kDossierCsvHeader =
    "code,agency,procedure,field,channel,status,received_at,"
    "due_at,finished_at,returned_at,timeliness,online_level,"
    "online_class\r\n";

std::string DossierCsvLine(const v1::Dossier& d) {
  return CsvLine(
      {d.code(), d.agency_code(), d.procedure_code(), d.field_code(),
       v1::Channel_Name(d.channel()), v1::DossierStatus_Name(d.status()),
       LocalTime(d.received_at(), d.has_received_at()),
       LocalTime(d.due_at(), d.has_due_at()),
       LocalTime(d.finished_at(), d.has_finished_at()),
       LocalTime(d.returned_at(), d.has_returned_at()),
       d.timeliness() == v1::TIMELINESS_UNSPECIFIED
           ? std::string()
           : v1::Timeliness_Name(d.timeliness()),
       absl::StrCat(d.online_level()), v1::OnlineClass_Name(d.online_class())});
}

std::string DossierJsonLine(const v1::Dossier& d) {
  google::protobuf::util::JsonPrintOptions one_line;
  one_line.preserve_proto_field_names = true;
  std::string line;
  (void)google::protobuf::util::MessageToJsonString(d, &line, one_line);
  return line + "\n";
}

// The report's scope, period and breakdown from the flags.
absl::StatusOr<v1::GetReportRequest> ReportRequestOf(const cmdline::Flags& a) {
  v1::GetReportRequest r;
  MOTCUA_ASSIGN_OR_RETURN(v1::Scope scope, ParseScope(a.GetString("scope")));
  *r.mutable_scope() = scope;
  MOTCUA_ASSIGN_OR_RETURN(v1::Period period, ParsePeriod(a));
  *r.mutable_period() = period;
  static const std::map<std::string, v1::GetReportRequest::Breakdown> by = {
      {"field", v1::GetReportRequest::FIELD},
      {"unit", v1::GetReportRequest::CHILD_UNIT},
      {"procedure", v1::GetReportRequest::PROCEDURE},
      {"month", v1::GetReportRequest::MONTH},
      {"agency", v1::GetReportRequest::AGENCY}};
  auto it = by.find(a.GetString("by", "field"));
  if (it == by.end()) {
    return Usage("--by must be field, unit, procedure, month or agency");
  }
  r.set_breakdown(it->second);
  return r;
}

// Lists the dossiers of one cell, page after page, as they arrive.
absl::Status RunReportCell(Client& client, const cmdline::Flags& a,
                           const v1::GetReportRequest& report, bool json) {
  v1::ListReportDossiersRequest r;
  *r.mutable_scope() = report.scope();
  *r.mutable_period() = report.period();
  r.set_breakdown(report.breakdown());
  r.set_row(a.GetString("row"));
  r.set_column(a.GetString("cell"));
  r.set_page_size(1000);
  const bool csv = a.GetBool("csv", false);
  if (csv) std::cout << "\xEF\xBB\xBF" << kDossierCsvHeader;
  std::vector<std::vector<std::string>> rows;
  int64_t listed = 0;
  v1::ListReportDossiersResponse page;
  do {
    MOTCUA_ASSIGN_OR_RETURN(
        page, client.Call(&v1::StatisticsService::Stub::ListReportDossiers,
                          *client.statistics(), r));
    for (const v1::Dossier& d : page.dossiers()) {
      ++listed;
      if (csv) {
        std::cout << DossierCsvLine(d);
      } else if (json) {
        std::cout << DossierJsonLine(d);
      } else {
        rows.push_back({d.code(), d.agency_code(), d.procedure_code(),
                        v1::DossierStatus_Name(d.status()),
                        LocalTime(d.received_at(), d.has_received_at()),
                        LocalTime(d.due_at(), d.has_due_at()),
                        LocalTime(d.finished_at(), d.has_finished_at())});
      }
    }
    r.set_page_token(page.next_page_token());
  } while (!page.next_page_token().empty());
  if (!csv && !json) {
    PrintTable(std::cout,
               {"code", "agency", "procedure", "status", "received", "due",
                "finished"},
               rows);
    std::cout << listed << " dossiers; the cell counts " << page.total_size()
              << " as of " << LocalTime(page.as_of(), true) << "\n";
  }
  return absl::OkStatus();
}

absl::Status RunReport(Client& client, const cmdline::Flags& a, bool json) {
  MOTCUA_ASSIGN_OR_RETURN(const v1::GetReportRequest r, ReportRequestOf(a));
  if (!a.GetString("cell").empty()) return RunReportCell(client, a, r, json);
  if (!a.GetString("row").empty()) return Usage("--row needs --cell");
  MOTCUA_ASSIGN_OR_RETURN(v1::Report report,
                          client.Call(&v1::StatisticsService::Stub::GetReport,
                                      *client.statistics(), r));
  if (json) {
    std::cout << ToJson(report);
    return absl::OkStatus();
  }
  const bool vi = a.GetBool("vi", false);
  const bool steps = r.breakdown() == v1::GetReportRequest::AGENCY;
  std::vector<std::string> header = {vi ? "Mã" : "key", vi ? "Tên" : "name"};
  for (const auto& col : Form06Columns(v1::Form06Row(), steps)) {
    header.push_back(vi ? std::get<1>(col) : std::get<0>(col));
  }
  std::vector<std::vector<std::string>> rows;
  auto add = [&](const v1::Form06Row& row, const std::string& name) {
    std::vector<std::string> cells = {row.key(), name};
    for (const auto& col : Form06Columns(row, steps)) {
      cells.push_back(absl::StrCat(std::get<2>(col)));
    }
    rows.push_back(std::move(cells));
  };
  for (const v1::Form06Row& row : report.rows()) add(row, row.name());
  add(report.total(), vi ? "Tổng cộng" : "total");
  if (a.GetBool("csv", false)) {
    PrintCsv(std::cout, header, rows);
  } else {
    PrintTable(std::cout, header, rows);
    std::cout << "as of " << LocalTime(report.as_of(), true) << "\n";
  }
  return absl::OkStatus();
}

absl::Status RunRates(Client& client, const cmdline::Flags& a, bool json) {
  v1::GetRatesRequest r;
  MOTCUA_ASSIGN_OR_RETURN(v1::Scope scope, ParseScope(a.GetString("scope")));
  *r.mutable_scope() = scope;
  MOTCUA_ASSIGN_OR_RETURN(v1::Period period, ParsePeriod(a));
  *r.mutable_period() = period;
  r.set_monthly(a.GetBool("monthly", false));
  return Show<v1::RatesReport>(
      client.Call(&v1::StatisticsService::Stub::GetRates, *client.statistics(),
                  r),
      json, [](const v1::RatesReport& report) {
        auto pct = [](const v1::Rate& rate) -> std::string {
          if (rate.denominator() == 0) return "no data";
          return absl::StrFormat("%.2f%% (%d/%d)", 100 * rate.value(),
                                 rate.numerator(), rate.denominator());
        };
        std::vector<std::vector<std::string>> rows;
        auto add = [&](const v1::Rates& x, const std::string& key) {
          rows.push_back({key, pct(x.on_time()), pct(x.early()),
                          pct(x.progress_index()), pct(x.online_level3()),
                          pct(x.online_level4())});
        };
        add(report.total(), "period");
        for (const v1::Rates& m : report.months()) add(m, m.key());
        PrintTable(std::cout,
                   {"", "on time", "early", "progress index", "online L3",
                    "online L4"},
                   rows);
      });
}

absl::Status RunExport(Client& client, const cmdline::Flags& a, bool) {
  v1::ExportDossiersRequest r;
  MOTCUA_ASSIGN_OR_RETURN(v1::Scope scope, ParseScope(a.GetString("scope")));
  *r.mutable_scope() = scope;
  MOTCUA_ASSIGN_OR_RETURN(v1::Period period, ParsePeriod(a));
  *r.mutable_period() = period;
  const bool csv = a.GetBool("csv", false);
  if (csv) std::cout << "\xEF\xBB\xBF" << kDossierCsvHeader;
  int64_t count = 0;
  const absl::Time start = absl::Now();
  auto print = [&](const v1::Dossier& d) {
    ++count;
    std::cout << (csv ? DossierCsvLine(d) : DossierJsonLine(d));
    return true;
  };
  MOTCUA_RETURN_IF_ERROR(client.ExportDossiers(r, print));
  const double seconds =
      std::max(1e-3, absl::ToDoubleSeconds(absl::Now() - start));
  std::cerr << "exported " << count << " dossiers in "
            << absl::StrFormat("%.2f s (%.0f dossiers/s)", seconds,
                               count / seconds)
            << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddReportCommands(CommandTable* table) {
  (*table)["report"] = {
      "report --scope=KIND:CODE (--from=DATE --to=DATE | --year=Y [--quarter=Q "
      "| --month=M])\n"
      "       [--by=field|unit|procedure|month|agency] [--csv] [--vi] "
      "[--json]\n"
      "  Report form 06 (Circular 01/2020/TT-VPCP); --by=agency adds each\n"
      "  agency's inter-agency steps early/on time/late. --csv writes UTF-8 "
      "with a\n"
      "  byte-order mark, so spreadsheets read Vietnamese text correctly;\n"
      "  --vi uses the form's Vietnamese column headings.\n"
      "       ... --cell=COLUMN [--row=KEY] [--csv | --json]\n"
      "  Lists the dossiers one cell counts (drill-down): COLUMN is a count\n"
      "  field of Form06Row (resolved_late, carried_over, in_progress_overdue\n"
      "  ...), KEY the row's key as the report shows it (none: the total).",
      {"scope", "from", "to", "year", "quarter", "month", "by", "csv", "vi",
       "cell", "row"},
      RunReport};
  (*table)["rates"] = {
      "rates --scope=KIND:CODE (--from=DATE --to=DATE | --year=Y [--quarter=Q "
      "| --month=M]) [--monthly] [--json]\n"
      "  On-time, early, progress index (Decision 766) and online ratios.",
      {"scope", "from", "to", "year", "quarter", "month", "monthly"},
      RunRates};
  (*table)["export"] = {
      "export --scope=KIND:CODE (--from=DATE --to=DATE | --year=Y [--quarter=Q "
      "| --month=M]) [--csv]\n"
      "  Streams the dossiers received in the period: JSON Lines (one dossier\n"
      "  per line), or CSV in UTF-8 with a byte-order mark. Applicants'\n"
      "  personal data only for tokens entitled to it.",
      {"scope", "from", "to", "year", "quarter", "month", "csv"},
      RunExport};
}

}  // namespace motcua::client

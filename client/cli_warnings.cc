// The early-warnings command: a scope's or agency's open dossiers overdue
// or due soon, and the inter-agency steps overdue or due soon under the
// agency holding each (StatisticsService.ListDeadlineWarnings).
#include <cstdint>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "client/cli_command.h"
#include "client/cli_convert.h"
#include "client/cli_output.h"
#include "core/status_macros.h"

namespace motcua::client {
namespace {

// Working time as people read it: "3h30m", "-26h30m".
std::string WorkingTime(const google::protobuf::Duration& d) {
  const int64_t minutes = d.seconds() / 60;
  const int64_t size = minutes < 0 ? -minutes : minutes;
  return absl::StrFormat("%s%dh%02dm", minutes < 0 ? "-" : "", size / 60,
                         size % 60);
}

std::string UrgencyName(const v1::Deadline& d) {
  return d.urgency() == v1::Deadline::OVERDUE ? "overdue" : "due soon";
}

absl::Status RunWarnings(Client& client, const cmdline::Flags& a, bool json) {
  v1::ListDeadlineWarningsRequest r;
  MOTCUA_ASSIGN_OR_RETURN(*r.mutable_scope(), ParseScope(a.GetString("scope")));
  if (a.Has("within")) {
    absl::Duration within;
    if (!absl::ParseDuration(a.GetString("within"), &within)) {
      return Usage("--within must be a duration such as 8h or 90m");
    }
    r.mutable_within()->set_seconds(absl::ToInt64Seconds(within));
  }
  if (a.Has("limit")) {
    int limit = 0;
    if (!absl::SimpleAtoi(a.GetString("limit"), &limit)) {
      return Usage("--limit must be a number");
    }
    r.set_limit(limit);
  }
  MOTCUA_ASSIGN_OR_RETURN(
      const v1::ListDeadlineWarningsResponse out,
      client.Call(&v1::StatisticsService::Stub::ListDeadlineWarnings,
                  *client.statistics(), r));
  if (json) {
    std::cout << ToJson(out);
    return absl::OkStatus();
  }
  const std::vector<std::string> header = {"kind",   "urgency", "dossier",
                                           "agency", "status",  "due",
                                           "left",   "paused",  "apology"};
  std::vector<std::vector<std::string>> rows;
  for (const v1::DossierDeadlineWarning& w : out.dossiers()) {
    const v1::Dossier& d = w.dossier();
    rows.push_back({"dossier", UrgencyName(w.deadline()), d.code(),
                    d.agency_code(), v1::DossierStatus_Name(d.status()),
                    LocalTime(w.deadline().due_at(), true),
                    WorkingTime(w.deadline().working_time_left()),
                    w.deadline().clock_paused() ? "yes" : "",
                    w.needs_apology() ? "needed" : ""});
  }
  for (const v1::StepDeadlineWarning& w : out.steps()) {
    rows.push_back({"step", UrgencyName(w.deadline()), w.dossier_code(),
                    w.holder_agency_code(), "",
                    LocalTime(w.deadline().due_at(), true),
                    WorkingTime(w.deadline().working_time_left()),
                    w.deadline().clock_paused() ? "yes" : "", ""});
  }
  if (a.GetBool("csv", false)) {
    PrintCsv(std::cout, header, rows);
    return absl::OkStatus();
  }
  PrintTable(std::cout, header, rows);
  std::cout << "as of " << LocalTime(out.as_of(), true)
            << ", due soon: " << WorkingTime(out.window()) << " of working time"
            << (out.truncated() ? " (more left out: raise --limit)" : "")
            << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddWarningsCommands(CommandTable* table) {
  (*table)["warnings"] = {
      "warnings --scope=KIND:CODE [--within=DURATION] [--limit=N] [--csv] "
      "[--json]\n"
      "  Open dossiers overdue now or due soon (at most DURATION of working\n"
      "  time left, 8h or 90m; default: by the end of the next working day),\n"
      "  most urgent first, with the working time left (frozen while a\n"
      "  dossier waits) and those needing an apology (form 04); then the\n"
      "  inter-agency steps overdue or due soon, under the agency holding\n"
      "  each. Steps rows give that agency in the agency column.",
      {"scope", "within", "limit", "csv"},
      RunWarnings};
}

}  // namespace motcua::client

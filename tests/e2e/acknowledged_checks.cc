#include "tests/e2e/acknowledged_checks.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"

namespace motcua::testing {
namespace {

using Kind = v1::DossierEvent::Kind;

// The kinds of event a write by `rpc` appends; empty for an unknown RPC.
std::set<Kind> KindsOf(const std::string& rpc) {
  if (rpc == "SubmitDossier") return {v1::DossierEvent::CREATED};
  // A new dossier handed in, or an online submission accepted.
  if (rpc == "ReceiveDossier") {
    return {v1::DossierEvent::CREATED, v1::DossierEvent::TRANSITION};
  }
  if (rpc == "ChangeDossierStatus") return {v1::DossierEvent::TRANSITION};
  if (rpc == "HandDossierToAgency") return {v1::DossierEvent::STEP_STARTED};
  if (rpc == "FinishDossierStep") return {v1::DossierEvent::STEP_FINISHED};
  if (rpc == "ApologizeForDossier") return {v1::DossierEvent::APOLOGY};
  return {};
}

// What is wrong with `write` given its dossier as read back; empty if
// nothing.
std::string ProblemOf(const client::AcknowledgedWrite& write,
                      const v1::DossierWithHistory& read) {
  const std::string what =
      absl::StrCat(write.rpc, " ", write.code, " version ", write.version,
                   " (request ", write.request_id, ")");
  if (read.dossier().version() < write.version) {
    return absl::StrCat(what, ": the dossier is back at version ",
                        read.dossier().version());
  }
  if (read.history_size() < write.version) {
    return absl::StrCat(what, ": the history holds only ", read.history_size(),
                        " events");
  }
  const v1::DossierEvent& event = read.history(write.version - 1);
  if (event.sequence() != write.version) {
    return absl::StrCat(what, ": event ", write.version, " has sequence ",
                        event.sequence());
  }
  if (KindsOf(write.rpc).count(event.kind()) == 0) {
    return absl::StrCat(what, ": event ", write.version, " is ",
                        v1::DossierEvent::Kind_Name(event.kind()));
  }
  if (event.to_status() != write.status) {
    return absl::StrCat(what, ": event ", write.version, " left it ",
                        v1::DossierStatus_Name(event.to_status()),
                        ", the answer said ",
                        v1::DossierStatus_Name(write.status));
  }
  return "";
}

}  // namespace

AcknowledgedCheck CheckAcknowledgedWrites(
    client::Client& reader,
    const std::vector<client::AcknowledgedWrite>& writes) {
  AcknowledgedCheck check;
  auto problem = [&](std::string text) {
    if (check.problems.size() < 20) check.problems.push_back(std::move(text));
    ++check.problem_count;
  };
  std::map<std::string, std::vector<const client::AcknowledgedWrite*>> by_code;
  for (const client::AcknowledgedWrite& w : writes) {
    by_code[w.code].push_back(&w);
  }
  for (const auto& [code, its_writes] : by_code) {
    v1::GetDossierRequest get;
    get.set_code(code);
    absl::StatusOr<v1::DossierWithHistory> read = reader.Call(
        &v1::DossierService::Stub::GetDossier, *reader.dossiers(), get);
    ++check.dossiers;
    for (const client::AcknowledgedWrite* w : its_writes) {
      ++check.writes;
      if (!read.ok()) {
        problem(
            absl::StrCat(w->rpc, " ", code, " version ", w->version,
                         ": reading the dossier: ", read.status().ToString()));
        continue;
      }
      std::string p = ProblemOf(*w, *read);
      if (!p.empty()) problem(std::move(p));
    }
  }
  return check;
}

}  // namespace motcua::testing

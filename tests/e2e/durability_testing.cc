#include "tests/e2e/durability_testing.h"

#include <fstream>
#include <regex>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/testing/pg_cluster.h"

namespace motcua::testing {

std::vector<std::string> DemoServerFlags() {
  std::vector<std::string> flags = DemoFlags();
  flags.push_back("--sync_writes=true");
  return flags;
}

std::vector<ServerEngine> ServerEngines() {
  return {{"RocksDb",
           [](const std::string&) { return std::vector<std::string>(); }},
          {"Postgres", [](const std::string& data_dir) {
             const std::string database = PgCluster::DatabaseFor(data_dir);
             absl::StatusOr<PgCluster*> cluster = PgCluster::Shared();
             if (!cluster.ok()) {
               ADD_FAILURE() << "no PostgreSQL cluster: " << cluster.status();
               return std::vector<std::string>{"--store=postgresql:///none"};
             }
             const absl::Status created = (*cluster)->CreateDatabase(database);
             if (!created.ok()) ADD_FAILURE() << created;
             return std::vector<std::string>{"--store=" +
                                             (*cluster)->Uri(database)};
           }}};
}

std::vector<std::string> DemoServerFlags(const ServerEngine& engine,
                                         const std::string& data_dir) {
  std::vector<std::string> flags = DemoServerFlags();
  for (std::string& flag : engine.store_flags(data_dir)) {
    flags.push_back(std::move(flag));
  }
  return flags;
}

absl::StatusOr<int64_t> VerifyStoreClean(client::Client& admin) {
  absl::StatusOr<v1::VerifyStoreResponse> report =
      admin.Call(&v1::AdminService::Stub::VerifyStore, *admin.admin(),
                 v1::VerifyStoreRequest());
  if (!report.ok()) return report.status();
  if (report->counter_differences() != 0 || report->index_differences() != 0 ||
      report->history_differences() != 0 ||
      report->sequence_differences() != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "verify found differences: counters ", report->counter_differences(),
        ", indexes ", report->index_differences(), ", histories ",
        report->history_differences(), ", sequences ",
        report->sequence_differences(), "; ",
        absl::StrJoin(report->examples(), "; ")));
  }
  return report->dossiers_checked();
}

std::map<int, int64_t> LoadErrorsByCode(const std::string& json) {
  std::map<int, int64_t> errors;
  static const std::regex kErrors("\"errors\":\\{([^}]*)\\}");
  static const std::regex kCount("\"(\\d+)\":(\\d+)");
  for (auto op = std::sregex_iterator(json.begin(), json.end(), kErrors);
       op != std::sregex_iterator(); ++op) {
    const std::string counts = (*op)[1];
    for (auto c = std::sregex_iterator(counts.begin(), counts.end(), kCount);
         c != std::sregex_iterator(); ++c) {
      errors[std::stoi((*c)[1])] += std::stoll((*c)[2]);
    }
  }
  return errors;
}

int64_t LoadCalls(const std::string& json) {
  int64_t calls = 0;
  static const std::regex kCalls("\"calls\":(\\d+)");
  for (auto op = std::sregex_iterator(json.begin(), json.end(), kCalls);
       op != std::sregex_iterator(); ++op) {
    calls += std::stoll((*op)[1]);
  }
  return calls;
}

}  // namespace motcua::testing

// What the durability tests (kill, retries, overload) share: the flags of a
// server with the shipped calendars and the demo catalogue, its first
// administrator token, the store's Verify through the API, and the errors a
// motcua-load --json run reports.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/motcua_client.h"
#include "tests/e2e/process_testing.h"

namespace motcua::testing {

// motcua-server flags for a first start with the shipped calendars and the
// demo catalogue, every acknowledged write synced (--sync_writes=true, the
// default, spelled out: the durability tests depend on it).
std::vector<std::string> DemoServerFlags();

// A storage engine the durability tests run the server on.
struct ServerEngine {
  std::string name;
  // The flags that put the store of a server with data folder `data_dir`
  // on this engine (none: the embedded RocksDB default). The PostgreSQL
  // engine gets a database of its own in the process's throw-away cluster
  // (PgCluster::Shared), the same one for the same folder.
  std::function<std::vector<std::string>(const std::string& data_dir)>
      store_flags;
};
std::vector<ServerEngine> ServerEngines();
// DemoServerFlags() and `engine`'s store flags for `data_dir`.
std::vector<std::string> DemoServerFlags(const ServerEngine& engine,
                                         const std::string& data_dir);

// Runs AdminService.VerifyStore (no repair): the number of dossiers checked
// when every counter, index, history and sequence matches the recount;
// otherwise FailedPrecondition listing the differences and examples.
absl::StatusOr<int64_t> VerifyStoreClean(client::Client& admin);

// The errors of a motcua-load --json report, summed over its operations:
// status code -> count. Empty when every call was answered OK.
std::map<int, int64_t> LoadErrorsByCode(const std::string& json);
// The calls a motcua-load --json report counts, answered OK or not.
int64_t LoadCalls(const std::string& json);

}  // namespace motcua::testing

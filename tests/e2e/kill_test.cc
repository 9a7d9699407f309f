// The real motcua-server, SIGKILLed again and again at random moments while
// motcua-load writes to it, and restarted on the same port each time: no
// write it acknowledged is lost or half-applied.
#include <future>
#include <iostream>
#include <memory>
#include <random>

#include "absl/time/clock.h"
#include "client/acknowledged_writes.h"
#include "gtest/gtest.h"
#include "tests/e2e/acknowledged_checks.h"
#include "tests/e2e/durability_testing.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

// Starts the server on `address` again. A few tries: for a moment after a
// kill, a client reconnecting to the port can hold it.
std::unique_ptr<ServerProcess> Restart(const std::string& data_dir,
                                       const std::vector<std::string>& flags,
                                       const std::string& address) {
  std::unique_ptr<ServerProcess> server;
  for (int attempt = 0; attempt < 3; ++attempt) {
    server = std::make_unique<ServerProcess>(data_dir, flags, address);
    if (server->started()) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  return server;
}

class ServerKill : public ::testing::TestWithParam<ServerEngine> {};

TEST_P(ServerKill, AcknowledgedWritesSurviveRepeatedSigkillUnderLoad) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  const std::vector<std::string> flags = DemoServerFlags(GetParam(), data);
  auto server = std::make_unique<ServerProcess>(data, flags);
  ASSERT_TRUE(server->started()) << server->output();
  const std::string address = server->address();  // kept across restarts
  const std::string admin = ReadAdminToken(data);
  const std::string log = dir.Sub("acknowledged.tsv");

  // Desk lives only (every call a write), 16 in flight, for 20 s. A call
  // waits up to 10 s for a restarting server.
  std::future<CommandResult> load = std::async(
      std::launch::async, RunCommand,
      std::vector<std::string>{
          MOTCUA_LOAD_BINARY, "--address=" + address, "--token=" + admin,
          "--mix=desk:1", "--in_flight=16", "--duration=20", "--deadline=10",
          "--acknowledged=" + log, "--seed=7", "--json"},
      std::vector<std::string>{});

  // Kill at random moments (seeded), each 0.3 to 1.5 s after the server
  // came back, until the load is nearly over.
  std::mt19937 random(20260601);
  std::uniform_int_distribution<int> pause_ms(300, 1500);
  int kills = 0;
  const absl::Time stop_killing = absl::Now() + absl::Seconds(19);
  while (absl::Now() < stop_killing) {
    absl::SleepFor(absl::Milliseconds(pause_ms(random)));
    ASSERT_TRUE(server->Kill())
        << "the server died by itself before kill " << kills + 1;
    ++kills;
    server = Restart(data, flags, address);
    ASSERT_TRUE(server->started())
        << "no restart on " << address << " after kill " << kills << ": "
        << server->output();
  }
  const CommandResult run = load.get();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Calls a kill cut off fail UNAVAILABLE; no other error: a lost or
  // half-applied write would make the next step of its dossier fail.
  const std::map<int, int64_t> errors = LoadErrorsByCode(run.out);
  for (const auto& [code, n] : errors) {
    EXPECT_EQ(code, static_cast<int>(grpc::StatusCode::UNAVAILABLE))
        << n << " calls failed with code " << code << ": " << run.out;
  }
  const int64_t unavailable = errors.count(grpc::StatusCode::UNAVAILABLE) == 0
                                  ? 0
                                  : errors.at(grpc::StatusCode::UNAVAILABLE);
  // Writes acknowledged just before the end must survive a kill too.
  ASSERT_TRUE(server->Kill());
  ++kills;
  server = Restart(data, flags, address);
  ASSERT_TRUE(server->started()) << server->output();

  absl::StatusOr<std::vector<client::AcknowledgedWrite>> acknowledged =
      client::ReadAcknowledgedWrites(log);
  ASSERT_TRUE(acknowledged.ok()) << acknowledged.status();
  client::ClientOptions options;
  options.address = address;
  options.token = admin;
  client::Client reader(options);
  const AcknowledgedCheck check =
      CheckAcknowledgedWrites(reader, *acknowledged);
  EXPECT_EQ(check.problem_count, 0) << check.problems.front() << " (and "
                                    << check.problem_count - 1 << " more)";
  absl::StatusOr<int64_t> verified = VerifyStoreClean(reader);
  ASSERT_TRUE(verified.ok()) << verified.status();

  std::cout << "kill test (" << GetParam().name << "): " << kills << " kills, "
            << check.writes << " acknowledged writes checked on "
            << check.dossiers << " dossiers, " << unavailable
            << " calls cut off, verify clean over " << *verified
            << " dossiers\n";
  // Not vacuous: several kills, and many writes acknowledged around them.
  EXPECT_GE(kills, 5);
  EXPECT_GE(check.writes, 1000);
}

INSTANTIATE_TEST_SUITE_P(Engines, ServerKill,
                         ::testing::ValuesIn(ServerEngines()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace motcua::testing

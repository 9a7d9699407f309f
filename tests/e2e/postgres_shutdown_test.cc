// motcua-server on the PostgreSQL engine while PostgreSQL itself is shut
// down immediately (as a crash would: no checkpoint, clients cut off) and
// started again, twice, under desk load: calls in flight fail UNAVAILABLE,
// the server reconnects by itself, and no write it acknowledged is lost.
#include <future>
#include <iostream>

#include "absl/time/clock.h"
#include "client/acknowledged_writes.h"
#include "gtest/gtest.h"
#include "tests/e2e/acknowledged_checks.h"
#include "tests/e2e/durability_testing.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

TEST(PostgresShutdown, AcknowledgedWritesSurviveImmediateShutdownsUnderLoad) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  const ServerEngine postgres = ServerEngines().at(1);
  ASSERT_EQ(postgres.name, "Postgres");
  ServerProcess server(data, DemoServerFlags(postgres, data));
  ASSERT_TRUE(server.started()) << server.output();
  absl::StatusOr<PgCluster*> cluster = PgCluster::Shared();
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  const std::string admin = ReadAdminToken(data);
  const std::string log = dir.Sub("acknowledged.tsv");

  // Desk lives, 16 in flight, for 16 s; a call waits up to 10 s.
  std::future<CommandResult> load = std::async(
      std::launch::async, RunCommand,
      std::vector<std::string>{
          MOTCUA_LOAD_BINARY, "--address=" + server.address(),
          "--token=" + admin, "--mix=desk:1", "--in_flight=16", "--duration=16",
          "--deadline=10", "--acknowledged=" + log, "--seed=11", "--json"},
      std::vector<std::string>{});
  int shutdowns = 0;
  for (int round = 0; round < 2; ++round) {
    absl::SleepFor(absl::Seconds(3));
    ASSERT_TRUE((*cluster)->StopImmediately().ok());
    ++shutdowns;
    absl::SleepFor(absl::Seconds(1));
    const absl::Status started = (*cluster)->Start();
    ASSERT_TRUE(started.ok()) << started;
  }
  const CommandResult run = load.get();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::map<int, int64_t> errors = LoadErrorsByCode(run.out);
  for (const auto& [code, n] : errors) {
    EXPECT_EQ(code, static_cast<int>(grpc::StatusCode::UNAVAILABLE))
        << n << " calls failed with code " << code << ": " << run.out;
  }
  ASSERT_TRUE(server.Running()) << "the server died with its database";

  absl::StatusOr<std::vector<client::AcknowledgedWrite>> acknowledged =
      client::ReadAcknowledgedWrites(log);
  ASSERT_TRUE(acknowledged.ok()) << acknowledged.status();
  client::ClientOptions options;
  options.address = server.address();
  options.token = admin;
  client::Client reader(options);
  const AcknowledgedCheck check =
      CheckAcknowledgedWrites(reader, *acknowledged);
  EXPECT_EQ(check.problem_count, 0) << check.problems.front() << " (and "
                                    << check.problem_count - 1 << " more)";
  absl::StatusOr<int64_t> verified = VerifyStoreClean(reader);
  ASSERT_TRUE(verified.ok()) << verified.status();
  const int64_t unavailable = errors.count(grpc::StatusCode::UNAVAILABLE) == 0
                                  ? 0
                                  : errors.at(grpc::StatusCode::UNAVAILABLE);
  std::cout << "postgres shutdown test: " << shutdowns
            << " immediate shutdowns, " << check.writes
            << " acknowledged writes checked on " << check.dossiers
            << " dossiers, " << unavailable
            << " calls cut off, verify clean over " << *verified
            << " dossiers\n";
  EXPECT_GE(check.writes, 1000);
}

// Polls `motcua health` every 50 ms until it answers `want`, for up to
// `limit`; whether it did.
bool AwaitHealth(const std::string& address, const std::string& want,
                 absl::Duration limit) {
  const absl::Time until = absl::Now() + limit;
  while (absl::Now() < until) {
    if (ServerHealth(address) == want) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return false;
}

TEST(PostgresShutdown, HealthIsNotServingWhileTheDatabaseIsDown) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  const ServerEngine postgres = ServerEngines().at(1);
  std::vector<std::string> flags = DemoServerFlags(postgres, data);
  flags.push_back("--health_check_interval_ms=100");
  ServerProcess server(data, flags);
  ASSERT_TRUE(server.started()) << server.output();
  absl::StatusOr<PgCluster*> cluster = PgCluster::Shared();
  ASSERT_TRUE(cluster.ok()) << cluster.status();
  EXPECT_TRUE(AwaitHealth(server.address(), "SERVING", absl::Seconds(5)));

  ASSERT_TRUE((*cluster)->StopImmediately().ok());
  const bool down =
      AwaitHealth(server.address(), "NOT_SERVING", absl::Seconds(5));
  const absl::Status started = (*cluster)->Start();
  ASSERT_TRUE(started.ok()) << started;
  EXPECT_TRUE(down) << "health stayed SERVING with the database down";
  EXPECT_TRUE(AwaitHealth(server.address(), "SERVING", absl::Seconds(10)))
      << "health did not come back with the database";
  EXPECT_TRUE(server.Running());
}

TEST(PostgresShutdown, HealthIsServingOnTheEmbeddedStore) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  std::vector<std::string> flags = DemoServerFlags(ServerEngines().at(0), data);
  flags.push_back("--health_check_interval_ms=100");
  ServerProcess server(data, flags);
  ASSERT_TRUE(server.started()) << server.output();
  EXPECT_TRUE(AwaitHealth(server.address(), "SERVING", absl::Seconds(5)));
  absl::SleepFor(absl::Milliseconds(300));  // a few checks later
  EXPECT_EQ(ServerHealth(server.address()), "SERVING");
}

}  // namespace
}  // namespace motcua::testing

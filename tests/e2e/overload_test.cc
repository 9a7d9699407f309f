// The real motcua-server with far more calls in flight than it can serve
// at once: it sheds load (RESOURCE_EXHAUSTED) or serves slower, but it
// stays up and loses no write it acknowledged.
#include <iostream>
#include <map>

#include "client/acknowledged_writes.h"
#include "client/motcua_client.h"
#include "gtest/gtest.h"
#include "tests/e2e/acknowledged_checks.h"
#include "tests/e2e/durability_testing.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

class ServerOverload : public ::testing::TestWithParam<ServerEngine> {};

TEST_P(ServerOverload, FarMoreCallsThanItServesAreAnsweredAndNoWriteIsLost) {
  TempDir dir;
  ServerProcess server(dir.Sub("data"),
                       DemoServerFlags(GetParam(), dir.Sub("data")));
  ASSERT_TRUE(server.started()) << server.output();
  const std::string admin = ReadAdminToken(dir.Sub("data"));
  const std::string log = dir.Sub("acknowledged.tsv");

  // 2,500 calls always in flight (desk writes, and dashboards reading the
  // counters they change) for 10 s. A caller waits at most 1 s, about what
  // a call takes at this depth here, so many give up while the server
  // still works on their calls.
  const CommandResult run = RunCommand(
      {MOTCUA_LOAD_BINARY, "--address=" + server.address(), "--token=" + admin,
       "--mix=desk:3,dashboard:1", "--in_flight=2500", "--duration=10",
       "--deadline=1", "--acknowledged=" + log, "--json"});
  ASSERT_EQ(run.exit_code, 0) << "calls left unanswered: " << run.err;
  // Every call is answered: served, shed (RESOURCE_EXHAUSTED), or too late
  // for its caller (DEADLINE_EXCEEDED). Nothing else: no INTERNAL, and no
  // UNAVAILABLE while the server lives.
  const std::map<int, int64_t> errors = LoadErrorsByCode(run.out);
  for (const auto& [code, n] : errors) {
    EXPECT_TRUE(code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
                code == grpc::StatusCode::DEADLINE_EXCEEDED)
        << n << " calls failed with code " << code << ": " << run.out;
  }
  ASSERT_TRUE(server.Running()) << "the server died under the load";

  client::ClientOptions options;
  options.address = server.address();
  options.token = admin;
  client::Client c(options);
  // It answers a normal call at once afterwards.
  v1::ReceiveDossierRequest receive;
  receive.set_agency_code("H29.18070");
  receive.set_procedure_code("1.000894");
  receive.set_channel(v1::DIRECT);
  receive.mutable_applicant()->set_kind(v1::Applicant::PERSON);
  receive.mutable_applicant()->set_name("Trần Văn Sau");
  receive.mutable_applicant()->set_id_number("042090009999");
  absl::StatusOr<v1::Receipt> after =
      c.Call(&v1::DossierService::Stub::ReceiveDossier, *c.dossiers(), receive);
  EXPECT_TRUE(after.ok()) << after.status();

  absl::StatusOr<std::vector<client::AcknowledgedWrite>> acknowledged =
      client::ReadAcknowledgedWrites(log);
  ASSERT_TRUE(acknowledged.ok()) << acknowledged.status();
  const AcknowledgedCheck check = CheckAcknowledgedWrites(c, *acknowledged);
  EXPECT_EQ(check.problem_count, 0) << check.problems.front() << " (and "
                                    << check.problem_count - 1 << " more)";
  absl::StatusOr<int64_t> verified = VerifyStoreClean(c);
  ASSERT_TRUE(verified.ok()) << verified.status();

  auto count = [&](grpc::StatusCode code) {
    const auto it = errors.find(code);
    return it == errors.end() ? 0 : it->second;
  };
  const int64_t calls = LoadCalls(run.out);
  std::cout << "overload test (" << GetParam().name
            << "): 2500 calls in flight for 10 s, " << calls << " answered: "
            << calls - count(grpc::StatusCode::RESOURCE_EXHAUSTED) -
                   count(grpc::StatusCode::DEADLINE_EXCEEDED)
            << " OK, " << count(grpc::StatusCode::RESOURCE_EXHAUSTED)
            << " RESOURCE_EXHAUSTED, "
            << count(grpc::StatusCode::DEADLINE_EXCEEDED)
            << " DEADLINE_EXCEEDED; " << check.writes
            << " acknowledged writes checked, verify clean over " << *verified
            << " dossiers\n";
  // Not vacuous: the server did acknowledge writes under the load.
  EXPECT_GE(check.writes, 200);
}

INSTANTIATE_TEST_SUITE_P(Engines, ServerOverload,
                         ::testing::ValuesIn(ServerEngines()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace motcua::testing

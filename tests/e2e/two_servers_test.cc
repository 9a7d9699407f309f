// Two motcua-server processes on one PostgreSQL database, as a replicated
// province runs them: desk loads through both race on the same agencies
// (codes, counters), and the same dossiers are changed through both at
// once, by copies of one request and by different requests. Every
// acknowledged write is there, each request applies once, and the store
// recounts clean.
#include <future>
#include <iostream>

#include "client/acknowledged_writes.h"
#include "client/motcua_client.h"
#include "gtest/gtest.h"
#include "tests/e2e/acknowledged_checks.h"
#include "tests/e2e/durability_testing.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using Stub = v1::DossierService::Stub;

class TwoServers : public ::testing::Test {
 protected:
  void SetUp() override {
    const ServerEngine postgres = ServerEngines().at(1);
    ASSERT_EQ(postgres.name, "Postgres");
    // Both name one database: the store flags of the first folder.
    const std::vector<std::string> flags =
        DemoServerFlags(postgres, dir_.Sub("a"));
    a_ = std::make_unique<ServerProcess>(dir_.Sub("a"), flags);
    ASSERT_TRUE(a_->started()) << a_->output();
    b_ = std::make_unique<ServerProcess>(dir_.Sub("b"), flags);
    ASSERT_TRUE(b_->started()) << b_->output();
    admin_ = ReadAdminToken(dir_.Sub("a"));  // the database's first token
    client_a_ = Connect(*a_);
    client_b_ = Connect(*b_);
  }

  std::unique_ptr<client::Client> Connect(const ServerProcess& server) {
    client::ClientOptions options;
    options.address = server.address();
    options.token = admin_;
    return std::make_unique<client::Client>(options);
  }

  static v1::ChangeDossierStatusRequest Move(const std::string& request_id,
                                             const std::string& code,
                                             v1::DossierStatus to) {
    v1::ChangeDossierStatusRequest r;
    r.mutable_write()->set_request_id(request_id);
    r.set_code(code);
    r.set_status(to);
    return r;
  }

  // A new dossier received through server A.
  std::string Receive(int i) {
    v1::ReceiveDossierRequest r;
    r.mutable_write()->set_request_id("two-servers-receive-" +
                                      std::to_string(i));
    r.set_agency_code("H29.18070");
    r.set_procedure_code("1.000894");
    r.set_channel(v1::DIRECT);
    r.mutable_applicant()->set_kind(v1::Applicant::PERSON);
    r.mutable_applicant()->set_name("Nguyễn Văn Hai");
    r.mutable_applicant()->set_id_number("042090002222");
    absl::StatusOr<v1::Receipt> receipt =
        client_a_->Call(&Stub::ReceiveDossier, *client_a_->dossiers(), r);
    EXPECT_TRUE(receipt.ok()) << receipt.status();
    return receipt.ok() ? receipt->dossier().code() : "";
  }

  // `first` through A and `second` through B, sent at the same moment.
  std::pair<absl::StatusOr<v1::Dossier>, absl::StatusOr<v1::Dossier>> AtOnce(
      const v1::ChangeDossierStatusRequest& first,
      const v1::ChangeDossierStatusRequest& second) {
    std::promise<void> go;
    std::shared_future<void> start = go.get_future().share();
    auto send = [start](client::Client* c,
                        const v1::ChangeDossierStatusRequest& r) {
      start.wait();
      return c->Call(&Stub::ChangeDossierStatus, *c->dossiers(), r);
    };
    auto a = std::async(std::launch::async, send, client_a_.get(), first);
    auto b = std::async(std::launch::async, send, client_b_.get(), second);
    go.set_value();
    return {a.get(), b.get()};
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> a_, b_;
  std::string admin_;
  std::unique_ptr<client::Client> client_a_, client_b_;
};

TEST_F(TwoServers, CopiesOfOneRequestThroughBothServersApplyOnce) {
  for (int i = 0; i < 20; ++i) {
    const std::string code = Receive(i);
    ASSERT_FALSE(code.empty());
    const v1::ChangeDossierStatusRequest move =
        Move("two-servers-move-" + std::to_string(i), code, v1::PROCESSING);
    auto [a, b] = AtOnce(move, move);
    ASSERT_TRUE(a.ok()) << a.status();
    ASSERT_TRUE(b.ok()) << b.status();
    EXPECT_EQ(a->version(), 2) << code;
    EXPECT_EQ(b->version(), 2) << code;
    EXPECT_EQ(a->status(), v1::PROCESSING);
  }
  absl::StatusOr<int64_t> verified = VerifyStoreClean(*client_b_);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(*verified, 20);
}

TEST_F(TwoServers, DifferentRequestsOnOneDossierThroughBothServersApplyInTurn) {
  // Both move the dossier to PROCESSING: whichever comes second finds it
  // there and is refused; never both applied, never a lost update.
  int refused = 0;
  for (int i = 0; i < 20; ++i) {
    const std::string code = Receive(i);
    ASSERT_FALSE(code.empty());
    auto [a, b] =
        AtOnce(Move("via-a-" + std::to_string(i), code, v1::PROCESSING),
               Move("via-b-" + std::to_string(i), code, v1::PROCESSING));
    ASSERT_NE(a.ok(), b.ok())
        << code << ": " << a.status() << " / " << b.status();
    const absl::Status& no = a.ok() ? b.status() : a.status();
    EXPECT_EQ(no.code(), absl::StatusCode::kFailedPrecondition) << no;
    EXPECT_EQ((a.ok() ? *a : *b).version(), 2);
    ++refused;
  }
  EXPECT_EQ(refused, 20);
  absl::StatusOr<int64_t> verified = VerifyStoreClean(*client_a_);
  ASSERT_TRUE(verified.ok()) << verified.status();
}

TEST_F(TwoServers, DeskLoadsThroughBothServersLoseNothing) {
  const std::string log_a = dir_.Sub("a.tsv"), log_b = dir_.Sub("b.tsv");
  auto load = [&](const ServerProcess& server, const std::string& log,
                  const std::string& seed) {
    return std::async(std::launch::async, RunCommand,
                      std::vector<std::string>{
                          MOTCUA_LOAD_BINARY, "--address=" + server.address(),
                          "--token=" + admin_, "--mix=desk:1", "--in_flight=16",
                          "--duration=8", "--acknowledged=" + log,
                          "--seed=" + seed, "--json"},
                      std::vector<std::string>{});
  };
  auto run_a = load(*a_, log_a, "21");
  auto run_b = load(*b_, log_b, "22");
  const CommandResult a = run_a.get(), b = run_b.get();
  ASSERT_EQ(a.exit_code, 0) << a.err;
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_TRUE(LoadErrorsByCode(a.out).empty()) << a.out;
  EXPECT_TRUE(LoadErrorsByCode(b.out).empty()) << b.out;

  int64_t writes = 0;
  for (const std::string& log : {log_a, log_b}) {
    absl::StatusOr<std::vector<client::AcknowledgedWrite>> acknowledged =
        client::ReadAcknowledgedWrites(log);
    ASSERT_TRUE(acknowledged.ok()) << acknowledged.status();
    const AcknowledgedCheck check =
        CheckAcknowledgedWrites(*client_a_, *acknowledged);
    EXPECT_EQ(check.problem_count, 0) << check.problems.front();
    writes += check.writes;
  }
  absl::StatusOr<int64_t> verified = VerifyStoreClean(*client_b_);
  ASSERT_TRUE(verified.ok()) << verified.status();
  std::cout << "two servers: " << writes
            << " acknowledged writes checked, verify clean over " << *verified
            << " dossiers\n";
  EXPECT_GE(writes, 1000);
}

}  // namespace
}  // namespace motcua::testing

// Issue 14, finding 1, against the real motcua-server binary: what the
// server refuses before it reads a call's body or serves a connection.
// (The memory figures under the half-sent-bodies attack are
// tests/e2e/slow_body_attack.py.)
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "client/motcua_client.h"
#include "gtest/gtest.h"
#include "tests/e2e/process_testing.h"
#include "tests/e2e/reflection_call.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using Dossiers = v1::DossierService::Stub;
using Admin = v1::AdminService::Stub;

class SecurityLimits : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> extra) {
    for (std::string& flag : DemoFlags()) extra.push_back(std::move(flag));
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"), extra);
    ASSERT_TRUE(server_->started()) << server_->output();
    admin_secret_ = ReadAdminToken(dir_.Sub("data"));
  }
  std::unique_ptr<client::Client> Client(const std::string& secret) {
    client::ClientOptions o;
    o.address = server_->address();
    o.token = secret;
    return std::make_unique<client::Client>(o);
  }
  // A plain TCP connection to the server that sends nothing (as an
  // attacker holding connections open would); -1 on failure.
  int Connect() {
    const std::string& address = server_->address();
    int port = 0;
    if (!absl::SimpleAtoi(address.substr(address.rfind(':') + 1), &port)) {
      return -1;
    }
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<uint16_t>(port));
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
      close(fd);
      return -1;
    }
    return fd;
  }
  // Whether the server ended the connection within `timeout` (end of
  // stream or reset seen by a read).
  static bool EndedByServer(int fd, absl::Duration timeout) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(absl::ToInt64Milliseconds(timeout))) <=
        0) {
      return false;
    }
    char byte;
    return read(fd, &byte, 1) <= 0;
  }
  // With `cap` connections held open, the next is closed on arrival and a
  // client is not served; once one held connection closes, a client is.
  void ExpectCapHolds(int cap) {
    std::vector<int> held;
    for (int i = 0; i < cap; ++i) {
      held.push_back(Connect());
      ASSERT_GE(held.back(), 0);
    }
    const int extra = Connect();
    ASSERT_GE(extra, 0);
    EXPECT_TRUE(EndedByServer(extra, absl::Seconds(5)));
    close(extra);
    EXPECT_FALSE(EndedByServer(held[0], absl::Milliseconds(300)));
    EXPECT_EQ(ServerHealth(server_->address()), "NOT_SERVING");
    close(held[0]);
    std::string health;
    const absl::Time deadline = absl::Now() + absl::Seconds(10);
    while ((health = ServerHealth(server_->address())) != "SERVING" &&
           absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(100));
    }
    EXPECT_EQ(health, "SERVING");
    for (size_t i = 1; i < held.size(); ++i) close(held[i]);
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_secret_;
};

// A body far beyond --max_request_kb: had the server read it, the answer
// would be RESOURCE_EXHAUSTED for its size; without a valid token the call
// is refused from its headers, before gRPC reads the body.
TEST_F(SecurityLimits, ACallWithoutAValidTokenIsRefusedBeforeItsBodyIsRead) {
  Start({"--max_request_kb=64"});
  v1::ReceiveDossierRequest big;
  big.set_agency_code("H29.18070");
  big.mutable_applicant()->set_name(std::string(512 << 10, 'x'));

  auto nobody = Client("");
  absl::Status missing =
      nobody->Call(&Dossiers::ReceiveDossier, *nobody->dossiers(), big)
          .status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(missing.message(),
            "missing 'authorization: Bearer <token>' metadata");

  auto wrong = Client("mc_not_a_token");
  absl::Status unknown =
      wrong->Call(&Dossiers::ReceiveDossier, *wrong->dossiers(), big).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(unknown.message(), "the token is not known");

  auto admin = Client(admin_secret_);
  absl::Status read =
      admin->Call(&Dossiers::ReceiveDossier, *admin->dossiers(), big).status();
  EXPECT_EQ(read.code(), absl::StatusCode::kResourceExhausted);
}

// Server reflection has no handler of ours to check the token again: the
// gate asks the store every time, so a revoked token is refused at once
// (the API's methods may pass the gate's memory of a token for a few
// seconds, and their handlers refuse it).
TEST_F(SecurityLimits, ReflectionRefusesATokenRevokedAMomentAgo) {
  Start({});
  auto admin = Client(admin_secret_);
  v1::CreateTokenRequest create;
  create.set_principal("batch-schema");
  create.set_role(v1::Token::BATCH);
  create.mutable_unit()->set_kind(v1::Scope::PROVINCE);
  create.mutable_unit()->set_code("42");
  absl::StatusOr<v1::CreateTokenResponse> token =
      admin->Call(&Admin::CreateToken, *admin->admin(), create);
  ASSERT_TRUE(token.ok()) << token.status();
  EXPECT_EQ(ListServicesByReflection(server_->address(), token->secret())
                .status.error_code(),
            grpc::StatusCode::OK);
  v1::RevokeTokenRequest revoke;
  revoke.set_id(token->token().id());
  ASSERT_TRUE(admin->Call(&Admin::RevokeToken, *admin->admin(), revoke).ok());
  const grpc::Status refused =
      ListServicesByReflection(server_->address(), token->secret()).status;
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(refused.error_message(),
            absl::StrCat("token ", token->token().id(), " has been revoked"));
}

TEST_F(SecurityLimits, ConnectionsBeyondThePerAddressCapAreClosedOnArrival) {
  Start({"--max_connections_per_address=2"});
  ExpectCapHolds(2);
}

TEST_F(SecurityLimits, ConnectionsBeyondTheTotalCapAreClosedOnArrival) {
  Start({"--max_connections=3"});
  ExpectCapHolds(3);
}

}  // namespace
}  // namespace motcua::testing

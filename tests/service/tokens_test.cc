// Tokens: secrets are random and stored hashed; Bearer headers authenticate.
#include "service/tokens.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_store.h"
#include "tests/testing/temp_dir.h"

namespace motcua::service {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class TokenAuth : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *storage::OpenRocksDbStore(dir_.Sub("db"));
    absl::StatusOr<NewToken> t = GenerateToken(
        {"desk-bac-ha", core::Role::kDesk, {"H29.18070"}, {}}, absl::Now());
    ASSERT_TRUE(t.ok());
    token_ = *t;
    ASSERT_TRUE(store_->PutToken(token_.stored).ok());
  }
  testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  NewToken token_;
};

TEST(HashSecret, IsTheHexSha256) {
  EXPECT_EQ(HashSecret("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(TokenAuth, SecretIsRandomAndOnlyItsHashIsStored) {
  absl::StatusOr<NewToken> other =
      GenerateToken({"x", core::Role::kViewer, {}, {}}, absl::Now());
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->secret, token_.secret);
  EXPECT_NE(other->stored.id, token_.stored.id);
  EXPECT_GE(token_.secret.size(), 40u);
  EXPECT_EQ(token_.stored.secret_hash, HashSecret(token_.secret));
  EXPECT_THAT(token_.stored.secret_hash, Not(HasSubstr(token_.secret)));
}

TEST_F(TokenAuth, BearerSecretAuthenticatesToItsPrincipal) {
  absl::StatusOr<core::Principal> p =
      Authenticate(*store_, "Bearer " + token_.secret);
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ(p->name, "desk-bac-ha");
  EXPECT_EQ(p->role, core::Role::kDesk);
}

TEST_F(TokenAuth, MissingMalformedAndUnknownTokensAreUnauthenticated) {
  for (absl::string_view header :
       {absl::string_view(""), absl::string_view("Basic abc"),
        absl::string_view("Bearer "), absl::string_view("Bearer mc_unknown")}) {
    absl::StatusOr<core::Principal> p = Authenticate(*store_, header);
    EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated) << header;
  }
}

TEST_F(TokenAuth, RevokedTokenIsUnauthenticatedAndTheSecretIsNotEchoed) {
  ASSERT_TRUE(store_->RevokeToken(token_.stored.id, absl::Now()).ok());
  absl::StatusOr<core::Principal> p =
      Authenticate(*store_, "Bearer " + token_.secret);
  EXPECT_EQ(p.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_THAT(std::string(p.status().message()), HasSubstr("revoked"));
  EXPECT_THAT(std::string(p.status().message()), Not(HasSubstr(token_.secret)));
}

}  // namespace
}  // namespace motcua::service

// Storage contract: API tokens (every engine).
#include "gtest/gtest.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

class StoreTokens : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<storage::Store>> s =
        GetParam().open(dir_.Sub("db"), nullptr);
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
  }
  storage::StoredToken Desk() {
    storage::StoredToken t;
    t.id = "tok-desk";
    t.secret_hash = "hash-of-desk-secret";
    t.principal = {
        "desk-bac-ha", core::Role::kDesk, {"H29.18070", "H29.10"}, {}};
    t.created_at = Local(2025, 3, 1, 8, 0);
    return t;
  }
  TempDir dir_;
  std::unique_ptr<storage::Store> store_;
};

TEST_P(StoreTokens, TokenIsFoundByItsSecretHashWithItsPrincipal) {
  ASSERT_TRUE(store_->PutToken(Desk()).ok());
  absl::StatusOr<storage::StoredToken> t =
      store_->FindTokenByHash("hash-of-desk-secret");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->id, "tok-desk");
  EXPECT_EQ(t->principal.name, "desk-bac-ha");
  EXPECT_EQ(t->principal.role, core::Role::kDesk);
  EXPECT_EQ(t->principal.agency_codes,
            (std::vector<std::string>{"H29.18070", "H29.10"}));
  EXPECT_EQ(t->created_at, Local(2025, 3, 1, 8, 0));
  EXPECT_FALSE(t->revoked_at.has_value());
}

TEST_P(StoreTokens, UnknownSecretIsNotFound) {
  EXPECT_EQ(store_->FindTokenByHash("nope").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(StoreTokens, IdOrHashCannotBeReused) {
  ASSERT_TRUE(store_->PutToken(Desk()).ok());
  storage::StoredToken same_id = Desk();
  same_id.secret_hash = "other";
  EXPECT_EQ(store_->PutToken(same_id).code(), absl::StatusCode::kAlreadyExists);
  storage::StoredToken same_hash = Desk();
  same_hash.id = "tok-other";
  EXPECT_EQ(store_->PutToken(same_hash).code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->ListTokens()->size(), 1u);
}

TEST_P(StoreTokens, RevocationKeepsTheFirstInstant) {
  ASSERT_TRUE(store_->PutToken(Desk()).ok());
  ASSERT_TRUE(store_->RevokeToken("tok-desk", Local(2025, 4, 1, 9, 0)).ok());
  absl::StatusOr<storage::StoredToken> again =
      store_->RevokeToken("tok-desk", Local(2025, 5, 1, 9, 0));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again->revoked_at, Local(2025, 4, 1, 9, 0));
  EXPECT_EQ(*store_->FindTokenByHash("hash-of-desk-secret")->revoked_at,
            Local(2025, 4, 1, 9, 0));
  EXPECT_EQ(
      store_->RevokeToken("tok-none", Local(2025, 5, 1, 9, 0)).status().code(),
      absl::StatusCode::kNotFound);
}

TEST_P(StoreTokens, ViewerScopeRoundTrips) {
  storage::StoredToken viewer = Desk();
  viewer.id = "tok-viewer";
  viewer.secret_hash = "hash-of-viewer";
  viewer.principal = {"dashboard-436",
                      core::Role::kViewer,
                      {},
                      {core::ScopeKind::kDistrict, "436"}};
  ASSERT_TRUE(store_->PutToken(viewer).ok());
  absl::StatusOr<std::vector<storage::StoredToken>> all = store_->ListTokens();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].principal.unit.kind, core::ScopeKind::kDistrict);
  EXPECT_EQ((*all)[0].principal.unit.code, "436");
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreTokens, ::testing::ValuesIn(Engines()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace motcua::testing

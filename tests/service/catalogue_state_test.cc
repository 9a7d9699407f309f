// The catalogue held in memory follows every catalogue write; a call keeps
// the index it took even while a write replaces it.
#include "service/catalogue_state.h"

#include "gtest/gtest.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/world.h"
#include "tests/testing/temp_dir.h"

namespace motcua::service {
namespace {

class CatalogueStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *storage::OpenRocksDbStore(dir_.Sub("db"));
    ASSERT_TRUE(LoadWorld(testing::SmallProvince(), *store_).ok());
    state_ = *CatalogueState::Load(*store_);
  }

  core::Procedure Marriage() {
    return *store_->GetProcedure("1.000894", absl::CivilDay(2025, 3, 3));
  }

  testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<CatalogueState> state_;
};

TEST_F(CatalogueStateTest, HoldsWhatTheStoreHeldAtLoad) {
  const auto index = state_->Get();
  EXPECT_EQ(index->procedures().size(),
            store_->ListProcedures(std::nullopt)->size());
  EXPECT_EQ(index->units().size(), store_->ListUnits(std::nullopt)->size());
  EXPECT_EQ(index->agencies().size(),
            store_->ListAgencies(std::nullopt)->size());
  EXPECT_EQ(index->fields().size(), store_->ListFields()->size());
}

TEST_F(CatalogueStateTest, AChangeIsSeenByTheNextCallNotByOneInFlight) {
  const std::shared_ptr<const core::CatalogueIndex> in_flight = state_->Get();
  core::Procedure lapsed = Marriage();
  lapsed.validity.valid_to = absl::CivilDay(2025, 3, 4);
  ASSERT_TRUE(
      state_->Change([&] { return store_->PutProcedure(lapsed); }).ok());
  EXPECT_NE(in_flight->ProcedureOn("1.000894", absl::CivilDay(2025, 3, 5)),
            nullptr);
  EXPECT_EQ(state_->Get()->ProcedureOn("1.000894", absl::CivilDay(2025, 3, 5)),
            nullptr);
  EXPECT_NE(state_->Get()->ProcedureOn("1.000894", absl::CivilDay(2025, 3, 3)),
            nullptr);
}

TEST_F(CatalogueStateTest, ARefusedWriteAnswersItsErrorAndChangesNothing) {
  core::Procedure bad = Marriage();
  bad.online_level = 9;
  const size_t before = state_->Get()->procedures().size();
  absl::Status s = state_->Change([&] { return store_->PutProcedure(bad); });
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(state_->Get()->procedures().size(), before);
  EXPECT_EQ(state_->Get()
                ->ProcedureOn("1.000894", absl::CivilDay(2025, 3, 3))
                ->online_level,
            Marriage().online_level);
}

TEST_F(CatalogueStateTest, PartOfAFailedBatchThatWasStoredIsSeen) {
  core::Unit unit{"99999",
                  "Xã Thử",
                  core::UnitLevel::kCommune,
                  "436",
                  {absl::CivilDay(2024, 1, 1), std::nullopt}};
  absl::Status s = state_->Change([&]() -> absl::Status {
    absl::Status stored = store_->PutUnit(unit);
    if (!stored.ok()) return stored;
    return absl::InternalError("the rest of the batch failed");
  });
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_NE(state_->Get()->UnitOn("99999", absl::CivilDay(2025, 1, 1)),
            nullptr);
}

}  // namespace
}  // namespace motcua::service

// The RocksDB engine's online backups (Store::Backup, ListBackups,
// PruneBackups) and RestoreRocksDbBackup.
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<int64_t> Ids(const std::vector<storage::BackupInfo>& backups) {
  std::vector<int64_t> ids;
  for (const storage::BackupInfo& b : backups) ids.push_back(b.id);
  return ids;
}

class RocksDbBackup : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *storage::OpenRocksDbStore(dir_.Sub("db"));
    ASSERT_TRUE(LoadWorld(world_, *store_).ok());
  }
  std::string ReceiveOne(int minute) {
    absl::StatusOr<storage::DossierWrite> w =
        Receive(*store_, world_, "H29.18070", "1.000894",
                core::Channel::kDirect, Local(2025, 3, 3, 9, minute));
    EXPECT_TRUE(w.ok()) << w.status();
    return w.ok() ? w->dossier.code : "";
  }

  TempDir dir_;
  const World world_ = SmallProvince();
  std::unique_ptr<storage::Store> store_;
};

TEST_F(RocksDbBackup, RestoresEachBackupAsTheStoreWasWhenItWasTaken) {
  const std::string backups = dir_.Sub("backups");
  const std::vector<std::string> first = {ReceiveOne(0), ReceiveOne(1),
                                          ReceiveOne(2)};
  absl::StatusOr<storage::NewBackup> one = store_->Backup(backups);
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(one->backup.id, 1);
  EXPECT_GT(one->backup.file_count, 0);
  EXPECT_GT(one->backup.size_bytes, 0);
  EXPECT_GT(one->added_bytes, 0);
  EXPECT_LE(absl::Now() - one->backup.created_at, absl::Minutes(1));

  const std::string later = ReceiveOne(3);
  ASSERT_TRUE(Move(*store_, first[0], core::DossierStatus::kProcessing,
                   Local(2025, 3, 3, 10, 0))
                  .ok());
  absl::StatusOr<storage::NewBackup> two = store_->Backup(backups);
  ASSERT_TRUE(two.ok()) << two.status();
  EXPECT_EQ(two->backup.id, 2);
  EXPECT_THAT(Ids(*store_->ListBackups(backups)), ElementsAre(1, 2));

  // Backup 1: the three first dossiers, the first still as received.
  absl::StatusOr<storage::BackupInfo> restored =
      storage::RestoreRocksDbBackup(backups, 1, dir_.Sub("r1"));
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->id, 1);
  {
    auto r1 = *storage::OpenRocksDbStore(dir_.Sub("r1"));
    for (const std::string& code : first) {
      EXPECT_TRUE(r1->GetDossier(code).ok()) << code;
    }
    EXPECT_EQ(r1->GetDossier(first[0])->version, 1);
    EXPECT_TRUE(absl::IsNotFound(r1->GetDossier(later).status()));
    absl::StatusOr<storage::VerifyReport> report = r1->Verify(false);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->consistent());
    EXPECT_EQ(report->dossiers_checked, 3);
  }
  // 0 is the newest: backup 2, with all four and the move.
  restored = storage::RestoreRocksDbBackup(backups, 0, dir_.Sub("r2"));
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_EQ(restored->id, 2);
  {
    auto r2 = *storage::OpenRocksDbStore(dir_.Sub("r2"));
    EXPECT_EQ(r2->GetDossier(first[0])->version, 2);
    EXPECT_TRUE(r2->GetDossier(later).ok());
    EXPECT_EQ(r2->Verify(false)->dossiers_checked, 4);
  }
  // Never over data, never a missing backup.
  absl::Status s =
      storage::RestoreRocksDbBackup(backups, 1, dir_.Sub("r2")).status();
  EXPECT_TRUE(absl::IsFailedPrecondition(s)) << s;
  EXPECT_THAT(std::string(s.message()), HasSubstr("is not empty"));
  s = storage::RestoreRocksDbBackup(backups, 7, dir_.Sub("r3")).status();
  EXPECT_TRUE(absl::IsNotFound(s)) << s;
  s = storage::RestoreRocksDbBackup(dir_.Sub("none"), 0, dir_.Sub("r3"))
          .status();
  EXPECT_TRUE(absl::IsNotFound(s)) << s;

  absl::StatusOr<storage::PrunedBackups> pruned =
      store_->PruneBackups(backups, 1);
  ASSERT_TRUE(pruned.ok()) << pruned.status();
  EXPECT_THAT(pruned->deleted_ids, ElementsAre(1));
  EXPECT_THAT(Ids(pruned->kept), ElementsAre(2));
  EXPECT_THAT(Ids(*store_->ListBackups(backups)), ElementsAre(2));
  // Ids are never reused.
  EXPECT_EQ(store_->Backup(backups)->backup.id, 3);
  EXPECT_TRUE(
      absl::IsInvalidArgument(store_->PruneBackups(backups, 0).status()));
}

TEST_F(RocksDbBackup, RefusesFoldersThatAreNotApartFromTheStore) {
  for (const std::string& folder :
       {std::string("backups"), dir_.Sub("db"), dir_.Sub("db/"),
        dir_.Sub("db/backups"), dir_.Sub("db/../db/x"), dir_.path()}) {
    const absl::Status s = store_->Backup(folder).status();
    EXPECT_TRUE(absl::IsInvalidArgument(s)) << folder << ": " << s;
    EXPECT_THAT(std::string(s.message()), HasSubstr("'" + folder + "'"));
    EXPECT_TRUE(absl::IsInvalidArgument(store_->ListBackups(folder).status()))
        << folder;
  }
  const absl::Status s = store_->ListBackups(dir_.Sub("none")).status();
  EXPECT_TRUE(absl::IsNotFound(s)) << s;
  EXPECT_TRUE(
      absl::IsNotFound(store_->PruneBackups(dir_.Sub("none"), 1).status()));
}

}  // namespace
}  // namespace motcua::testing

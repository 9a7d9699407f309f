// Verify() finds counters and indexes that disagree with the dossiers, and
// repairs them. The damage is done underneath the store with RocksDB itself,
// as a disk or an operator might.
#include <memory>

#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/counter_merge_operator.h"
#include "storage/keys.h"
#include "storage/rocksdb_store.h"
#include "storage/sequence_merge_operator.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

// Opens the store's directory with plain RocksDB and applies `damage`.
void Damage(const std::string& path,
            const std::function<void(rocksdb::DB*,
                                     std::vector<rocksdb::ColumnFamilyHandle*>&)>&
                damage) {
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : {"default", "catalogue", "dossiers", "events",
                           "indexes", "counters", "requests"}) {
    rocksdb::ColumnFamilyOptions options;
    if (std::string(name) == "counters") {
      options.merge_operator = storage::NewCounterMergeOperator();
    }
    if (std::string(name) == "default") {
      options.merge_operator = storage::NewHighestNumberMergeOperator();
    }
    families.emplace_back(name, options);
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  ASSERT_TRUE(
      rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &db)
          .ok());
  damage(db, handles);
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  delete db;
}

TEST(RocksDbVerify, FindsAndRepairsLostCountersAndIndexEntries) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  const core::Scope agency{core::ScopeKind::kAgency, "H29.18070"};
  std::string code;
  {
    auto store = *storage::OpenRocksDbStore(path);
    ASSERT_TRUE(LoadWorld(world, *store).ok());
    absl::StatusOr<storage::DossierWrite> w =
        Receive(*store, world, "H29.18070", "1.000894", core::Channel::kDirect,
                Local(2025, 3, 3, 9, 0));
    ASSERT_TRUE(w.ok());
    code = w->dossier.code;
    ASSERT_TRUE(store->Verify(false)->consistent());
  }
  Damage(path, [&](rocksdb::DB* db, auto& handles) {
    // The agency's 2025 year row, one status index entry, and a stray entry.
    db->Delete(rocksdb::WriteOptions(), handles[5],
               storage::keys::CounterKey(agency, core::Dimension::kTotal,
                                         storage::keys::Bucket::kYear, 2025,
                                         ""));
    db->Delete(rocksdb::WriteOptions(), handles[4],
               storage::keys::StatusIndexKey("H29.18070",
                                             core::DossierStatus::kReceived,
                                             code));
    db->Put(rocksdb::WriteOptions(), handles[4],
            storage::keys::StatusIndexKey("H29.18070",
                                          core::DossierStatus::kStopped,
                                          "H29.18070-250303-0999"),
            "");
  });
  auto store = *storage::OpenRocksDbStore(path);
  absl::StatusOr<storage::VerifyReport> report = store->Verify(false);
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->consistent());
  EXPECT_EQ(report->counter_difference_count, 1);
  EXPECT_EQ(report->index_difference_count, 2);
  ASSERT_EQ(report->counter_differences.size(), 1u);
  EXPECT_NE(report->counter_differences[0].find(
                "RECEIVED_DIRECT stored 0, recount 1"),
            std::string::npos)
      << report->counter_differences[0];
  EXPECT_FALSE(report->repaired);

  report = store->Verify(true);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->repaired);
  report = store->Verify(false);
  EXPECT_TRUE(report->consistent());
  EXPECT_EQ((*store->SumCounters(agency, core::Dimension::kTotal, "",
                                 absl::CivilDay(2025, 1, 1),
                                 absl::CivilDay(2025, 12, 31)))
                [core::Metric::kReceivedDirect],
            1);
}

TEST(RocksDbVerify, FindsAHistoryWithAMissingEvent) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  std::string code;
  {
    auto store = *storage::OpenRocksDbStore(path);
    ASSERT_TRUE(LoadWorld(world, *store).ok());
    code = Receive(*store, world, "H29.18070", "1.000894",
                   core::Channel::kDirect, Local(2025, 3, 3, 9, 0))
               ->dossier.code;
    ASSERT_TRUE(Move(*store, code, core::DossierStatus::kProcessing,
                     Local(2025, 3, 3, 10, 0))
                    .ok());
  }
  Damage(path, [&](rocksdb::DB* db, auto& handles) {
    db->Delete(rocksdb::WriteOptions(), handles[3],
               storage::keys::EventKey(code, 2));
  });
  auto store = *storage::OpenRocksDbStore(path);
  absl::StatusOr<storage::VerifyReport> report = store->Verify(false);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->history_difference_count, 1);
  ASSERT_EQ(report->history_differences.size(), 1u);
  EXPECT_EQ(report->history_differences[0],
            "dossier H29.18070-250303-0001 is at version 2 but has 1 events");
}

TEST(RocksDbVerify, LaggingSequenceNeverReusesACodeAndIsReported) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  {
    auto store = *storage::OpenRocksDbStore(path);
    ASSERT_TRUE(LoadWorld(world, *store).ok());
    ASSERT_TRUE(Receive(*store, world, "H29.18070", "1.000894",
                        core::Channel::kDirect, Local(2025, 3, 3, 9, 0))
                    .ok());
  }
  Damage(path, [&](rocksdb::DB* db, auto& handles) {
    db->Delete(rocksdb::WriteOptions(), handles[0],
               storage::keys::SequenceKey("H29.18070",
                                          absl::CivilDay(2025, 3, 3)));
  });
  auto store = *storage::OpenRocksDbStore(path);
  EXPECT_EQ(store->Verify(false)->sequence_difference_count, 1);
  absl::StatusOr<storage::DossierWrite> w =
      Receive(*store, world, "H29.18070", "1.000894", core::Channel::kDirect,
              Local(2025, 3, 3, 10, 0));
  ASSERT_TRUE(w.ok()) << w.status();
  EXPECT_EQ(w->dossier.code, "H29.18070-250303-0002");
  EXPECT_EQ(store->GetDossier("H29.18070-250303-0001")->version, 1);
  EXPECT_TRUE(store->Verify(false)->consistent());
}

TEST(RocksDbLayout, StoreWithoutMonthRowsGetsThemOnOpen) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  const core::Scope district{core::ScopeKind::kDistrict, "436"};
  {
    auto store = *storage::OpenRocksDbStore(path);
    ASSERT_TRUE(LoadWorld(world, *store).ok());
    for (int day : {3, 4, 5, 31}) {
      ASSERT_TRUE(Receive(*store, world, "H29.18070", "1.000894",
                          core::Channel::kDirect, Local(2025, 3, day, 9, 0))
                      .ok());
    }
  }
  // As a store written before month rows existed: none, and no marker.
  Damage(path, [&](rocksdb::DB* db, auto& handles) {
    db->Delete(rocksdb::WriteOptions(), handles[0],
               storage::keys::CounterLayoutKey());
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), handles[5]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      storage::keys::CounterKeyParts p;
      ASSERT_TRUE(storage::keys::ParseCounterKey(it->key().ToString(), &p));
      if (p.bucket == storage::keys::Bucket::kMonth) {
        db->Delete(rocksdb::WriteOptions(), handles[5], it->key());
      }
    }
  });
  auto store = *storage::OpenRocksDbStore(path);
  EXPECT_TRUE(store->Verify(false)->consistent());
  // March read whole (a month row) and 4-31 March (days, then no month).
  EXPECT_EQ((*store->SumCounters(district, core::Dimension::kTotal, "",
                                 absl::CivilDay(2025, 3, 1),
                                 absl::CivilDay(2025, 3, 31)))
                [core::Metric::kReceivedDirect],
            4);
  EXPECT_EQ((*store->SumCounters(district, core::Dimension::kTotal, "",
                                 absl::CivilDay(2025, 3, 4),
                                 absl::CivilDay(2025, 4, 30)))
                [core::Metric::kReceivedDirect],
            3);
}

TEST(RocksDbOptions, WritesAreSyncedByDefault) {
  EXPECT_TRUE(storage::RocksDbStoreOptions().sync_writes);
  EXPECT_EQ(storage::RocksDbStoreOptions().request_id_retention,
            absl::Hours(24 * 7));
}

}  // namespace
}  // namespace motcua::testing

// Verify() finds counters and indexes that disagree with the dossiers, and
// repairs them. The damage is done underneath the store with RocksDB itself,
// as a disk or an operator might.
#include <map>
#include <memory>
#include <set>
#include <utility>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
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
void Damage(
    const std::string& path,
    const std::function<void(
        rocksdb::DB*, std::vector<rocksdb::ColumnFamilyHandle*>&)>& damage) {
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

// A marriage registration received at commune H29.18070 on Mon 3 Mar 2025
// 09:00 and in processing from 10:00, in a store holding the world.
std::string ProcessingDossier(storage::Store& store, const World& world) {
  EXPECT_TRUE(LoadWorld(world, store).ok());
  absl::StatusOr<storage::DossierWrite> w =
      Receive(store, world, "H29.18070", "1.000894", core::Channel::kDirect,
              Local(2025, 3, 3, 9, 0));
  EXPECT_TRUE(w.ok()) << w.status();
  if (!w.ok()) return "";
  EXPECT_TRUE(Move(store, w->dossier.code, core::DossierStatus::kProcessing,
                   Local(2025, 3, 3, 10, 0))
                  .ok());
  return w->dossier.code;
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
    // The agency's March 2025 row, one status index entry, and a stray
    // entry.
    db->Delete(
        rocksdb::WriteOptions(), handles[5],
        storage::keys::CounterKey(
            agency, core::Dimension::kTotal, storage::keys::Bucket::kMonth,
            storage::keys::MonthPeriod(absl::CivilMonth(2025, 3)), ""));
    db->Delete(rocksdb::WriteOptions(), handles[4],
               storage::keys::StatusIndexKey(
                   "H29.18070", core::DossierStatus::kReceived, code));
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
  EXPECT_TRUE(report->consistent())
      << absl::StrJoin(report->counter_differences, "\n")
      << absl::StrJoin(report->index_differences, "\n");
  EXPECT_EQ((*store->SumCounters(
                agency, core::Dimension::kTotal, "", absl::CivilDay(2025, 1, 1),
                absl::CivilDay(2025, 12, 31)))[core::Metric::kReceivedDirect],
            1);
}

TEST(RocksDbVerify, FindsAHistoryWithAMissingEvent) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  std::string code;
  {
    auto store = *storage::OpenRocksDbStore(path);
    code = ProcessingDossier(*store, world);
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
    db->Delete(
        rocksdb::WriteOptions(), handles[0],
        storage::keys::SequenceKey("H29.18070", absl::CivilDay(2025, 3, 3)));
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
  EXPECT_EQ(
      (*store->SumCounters(
          district, core::Dimension::kTotal, "", absl::CivilDay(2025, 3, 1),
          absl::CivilDay(2025, 3, 31)))[core::Metric::kReceivedDirect],
      4);
  EXPECT_EQ(
      (*store->SumCounters(
          district, core::Dimension::kTotal, "", absl::CivilDay(2025, 3, 4),
          absl::CivilDay(2025, 4, 30)))[core::Metric::kReceivedDirect],
      3);
}

TEST(RocksDbLayout, StoreWithoutACellIndexGetsOneOnOpen) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  const core::Scope district{core::ScopeKind::kDistrict, "436"};
  {
    auto store = *storage::OpenRocksDbStore(path);
    ASSERT_TRUE(LoadWorld(world, *store).ok());
    for (int day : {3, 4, 5}) {
      ASSERT_TRUE(Receive(*store, world, "H29.18070", "1.000894",
                          core::Channel::kDirect, Local(2025, 3, day, 9, 0))
                      .ok());
    }
  }
  // As a store written before the cell index: no entries, no marker.
  int removed = 0;
  Damage(path, [&](rocksdb::DB* db, auto& handles) {
    db->Delete(rocksdb::WriteOptions(), handles[0],
               storage::keys::IndexLayoutKey());
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), handles[4]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const char kind = it->key()[0];
      if (kind == 'C' || kind == 'T') {
        db->Delete(rocksdb::WriteOptions(), handles[4], it->key());
        ++removed;
      }
    }
  });
  // Five scopes, each a standing entry per dossier (receptions are read
  // through the reception index).
  EXPECT_EQ(removed, 3 * 5);
  auto store = *storage::OpenRocksDbStore(path);
  EXPECT_TRUE(store->Verify(false)->consistent());
  storage::CountedQuery q;
  q.scope = district;
  q.metrics = {core::Metric::kReceivedDirect};
  q.first = absl::CivilDay(2025, 3, 1);
  q.last = absl::CivilDay(2025, 3, 31);
  absl::StatusOr<storage::CountedPage> page = store->ListCounted(q);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->dossiers.size(), 3u);
}

TEST(RocksDbLayout, StoreWithACellIndexGetsTheOpenStepIndexOnOpen) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  std::string code;
  {
    auto store = *storage::OpenRocksDbStore(path);
    code = ProcessingDossier(*store, world);
    ASSERT_TRUE(HandTo(*store, code, "H29.10", Local(2025, 3, 3, 10, 0),
                       {1, core::TimeUnit::kWorkingDays})
                    .ok());
  }
  // As a store written with the cell index but before open steps.
  int removed = 0;
  Damage(path, [&](rocksdb::DB* db, auto& handles) {
    db->Put(rocksdb::WriteOptions(), handles[0],
            storage::keys::IndexLayoutKey(),
            std::string(storage::keys::kIndexLayoutCells));
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), handles[4]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      if (it->key()[0] == 'H') {
        db->Delete(rocksdb::WriteOptions(), handles[4], it->key());
        ++removed;
      }
    }
  });
  EXPECT_EQ(removed, 2);  // under the holder and under the receiver
  auto store = *storage::OpenRocksDbStore(path);
  EXPECT_TRUE(store->Verify(false)->consistent());
  storage::DossierQuery q;
  q.scope = {core::ScopeKind::kAgency, "H29.10"};
  q.open_steps_due_by = absl::CivilDay(2025, 3, 4);
  absl::StatusOr<storage::DossierPage> page = store->ListDossiers(q);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->dossiers.size(), 1u);
  EXPECT_EQ(page->dossiers[0].code, code);
}

// The counter keys of `bucket` in the store at `path`, and its layout marker.
std::vector<std::string> CounterKeysOf(const std::string& path,
                                       storage::keys::Bucket bucket,
                                       std::string* layout) {
  std::vector<std::string> found;
  Damage(path, [&](rocksdb::DB* db, auto& handles) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), handles[5]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      storage::keys::CounterKeyParts p;
      ASSERT_TRUE(storage::keys::ParseCounterKey(it->key().ToString(), &p));
      if (p.bucket == bucket) found.push_back(it->key().ToString());
    }
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), handles[0],
                        storage::keys::CounterLayoutKey(), layout)
                    .ok());
  });
  return found;
}

TEST(RocksDbLayout, WritesKeepDayAndMonthRowsOnly) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  {
    auto store = *storage::OpenRocksDbStore(path);
    const std::string code = ProcessingDossier(*store, world);
    std::vector<storage::ImportedHistory> imported(1);
    imported[0].dossier = store->GetDossier(code).value();
    imported[0].dossier.code = "H29.18070-250304-0001";
    imported[0].events = store->GetHistory(code).value();
    ASSERT_TRUE(store->ImportDossiers(std::move(imported)).ok());
  }
  std::string layout;
  EXPECT_EQ(CounterKeysOf(path, storage::keys::Bucket::kYear, &layout).size(),
            0u);
  EXPECT_EQ(layout, "day-month");
  EXPECT_FALSE(
      CounterKeysOf(path, storage::keys::Bucket::kMonth, &layout).empty());
}

TEST(RocksDbLayout, YearRowsOfAnEarlierVersionAreNotCountedAndGoOnOpen) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  const core::Scope district{core::ScopeKind::kDistrict, "436"};
  {
    auto store = *storage::OpenRocksDbStore(path);
    ASSERT_TRUE(LoadWorld(world, *store).ok());
    for (auto [month, day] : {std::pair{3, 3}, {3, 31}, {7, 1}, {12, 31}}) {
      ASSERT_TRUE(Receive(*store, world, "H29.18070", "1.000894",
                          core::Channel::kDirect, Local(2025, month, day, 9, 0))
                      .ok());
    }
    ASSERT_TRUE(Receive(*store, world, "H29.18070", "1.001193",
                        core::Channel::kOnline, Local(2024, 12, 31, 9, 0))
                    .ok());
  }
  // As the previous version wrote it: a year row beside the months of each
  // scope, dimension and code (the sum of its months), and its marker.
  size_t year_rows = 0;
  Damage(path, [&](rocksdb::DB* db, auto& handles) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), handles[5]));
    rocksdb::WriteBatch years;
    std::set<std::string> year_keys;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      storage::keys::CounterKeyParts p;
      ASSERT_TRUE(storage::keys::ParseCounterKey(it->key().ToString(), &p));
      if (p.bucket != storage::keys::Bucket::kMonth) continue;
      const std::string year_key = storage::keys::CounterKey(
          p.scope, p.dimension, storage::keys::Bucket::kYear,
          static_cast<int32_t>(storage::keys::MonthOfPeriod(p.period).year()),
          p.dimension_code);
      year_keys.insert(year_key);
      years.Merge(handles[5], year_key, it->value());
    }
    year_rows = year_keys.size();
    years.Put(handles[0], storage::keys::CounterLayoutKey(), "months");
    ASSERT_TRUE(db->Write(rocksdb::WriteOptions(), &years).ok());
  });
  // 5 scopes (deployment, province, district, commune, agency), each by
  // total, field and procedure: 2024 (one procedure), 2025 (two: the 2024
  // dossier is overdue from 1 January) and 2026 (the dossier of 31
  // December 2025 is overdue from January).
  ASSERT_EQ(year_rows, 5u * (3 + 4 + 3));

  {
    auto store = *storage::OpenRocksDbStore(path);
    absl::StatusOr<storage::VerifyReport> report = store->Verify(false);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->consistent());
    EXPECT_EQ(report->counter_difference_count, 0);
    // Whole years, two years, and a year and a day: each dossier once.
    EXPECT_EQ(
        (*store->SumCounters(
            district, core::Dimension::kTotal, "", absl::CivilDay(2025, 1, 1),
            absl::CivilDay(2025, 12, 31)))[core::Metric::kReceivedDirect],
        4);
    const core::CounterRow two_years = *store->SumCounters(
        district, core::Dimension::kTotal, "", absl::CivilDay(2024, 1, 1),
        absl::CivilDay(2025, 12, 31));
    EXPECT_EQ(two_years[core::Metric::kReceivedDirect], 4);
    EXPECT_EQ(two_years[core::Metric::kReceivedOnline], 1);
    EXPECT_EQ(
        (*store->SumCounters(
            district, core::Dimension::kTotal, "", absl::CivilDay(2024, 12, 31),
            absl::CivilDay(2025, 12, 31)))[core::Metric::kReceivedOnline],
        1);
    absl::StatusOr<std::map<std::string, core::CounterRow>> by_procedure =
        store->SumCountersByDimension(district, core::Dimension::kProcedure,
                                      absl::CivilDay(2025, 1, 1),
                                      absl::CivilDay(2025, 12, 31));
    ASSERT_TRUE(by_procedure.ok());
    ASSERT_EQ(by_procedure->size(), 2u);
    EXPECT_EQ(by_procedure->at("1.000894")[core::Metric::kReceivedDirect], 4);
    EXPECT_EQ(by_procedure->at("1.001193")[core::Metric::kReceivedOnline], 0);
    EXPECT_EQ(by_procedure->at("1.001193")[core::Metric::kOverdueFrom], 1);
  }
  std::string layout;
  EXPECT_EQ(CounterKeysOf(path, storage::keys::Bucket::kYear, &layout).size(),
            0u);
  EXPECT_EQ(layout, "day-month");
}

TEST(RocksDbOptions, WritesAreSyncedByDefault) {
  EXPECT_TRUE(storage::RocksDbStoreOptions().sync_writes);
  EXPECT_EQ(storage::RocksDbStoreOptions().request_id_retention,
            absl::Hours(24 * 7));
}

}  // namespace
}  // namespace motcua::testing

namespace motcua::testing {
namespace {

// A request-id entry keeps what a retry needs, not a second copy of the
// applicant's personal data; the retry still gets it, from the record.
TEST(RocksDbRequests, EntriesHoldNoPersonalDataAndReplaysStillDo) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  {
    auto store = *storage::OpenRocksDbStore(path);
    ASSERT_TRUE(LoadWorld(world, *store).ok());
    for (int y = 2024; y <= 2026; ++y) {
      ASSERT_TRUE(store->PutCalendarYear(ShippedYear(y)).ok());
    }
    ASSERT_TRUE(Receive(*store, world, "H29.18070", "1.000894",
                        core::Channel::kDirect, Local(2025, 3, 3, 9, 0),
                        "req-personal")
                    .ok());
  }
  int entries = 0;
  Damage(path, [&](rocksdb::DB* db,
                   std::vector<rocksdb::ColumnFamilyHandle*>& handles) {
    std::unique_ptr<rocksdb::Iterator> it(
        db->NewIterator(rocksdb::ReadOptions(), handles[6]));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ++entries;
      const std::string value = it->value().ToString();
      EXPECT_EQ(value.find("Trần Thị B"), std::string::npos);
      EXPECT_EQ(value.find("042190005678"), std::string::npos);
    }
  });
  EXPECT_EQ(entries, 1);
  auto store = *storage::OpenRocksDbStore(path);
  // The key as Receive made it: found through a second identical call.
  absl::StatusOr<storage::DossierWrite> again =
      Receive(*store, world, "H29.18070", "1.000894", core::Channel::kDirect,
              Local(2025, 3, 3, 9, 0), "req-personal");
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->dossier.applicant.name, "Trần Thị B");
  EXPECT_EQ(again->dossier.applicant.id_number, "042190005678");
}

}  // namespace
}  // namespace motcua::testing

// What the RocksDB engine tells monitoring: each grouped write through the
// WriteObserver, and its state through GetEngineStats, in plain numbers.
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_store.h"
#include "tests/testing/temp_dir.h"

namespace motcua::storage {
namespace {

class CountingObserver : public WriteObserver {
 public:
  void GroupCommitted(int writes, size_t bytes,
                      absl::Duration duration) override {
    groups.fetch_add(1);
    this->writes.fetch_add(writes);
    if (bytes == 0 || duration < absl::ZeroDuration()) bad.fetch_add(1);
  }
  std::atomic<int> groups{0};
  std::atomic<int> writes{0};
  std::atomic<int> bad{0};
};

TEST(EngineStats, EveryWriteIsObservedOnceInItsGroup) {
  testing::TempDir dir;
  CountingObserver observer;
  RocksDbStoreOptions options;
  options.write_observer = &observer;
  absl::StatusOr<std::unique_ptr<Store>> store =
      OpenRocksDbStore(dir.Sub("store"), options);
  ASSERT_TRUE(store.ok()) << store.status();
  const int opened_groups = observer.groups.load();
  const int opened_writes = observer.writes.load();

  ASSERT_TRUE((*store)->PutField({"F0", "Field 0"}).ok());
  EXPECT_EQ(observer.groups.load(), opened_groups + 1);
  EXPECT_EQ(observer.writes.load(), opened_writes + 1);

  std::vector<std::thread> writers;
  for (int i = 1; i <= 16; ++i) {
    writers.emplace_back([&store, i] {
      EXPECT_TRUE((*store)->PutField({absl::StrCat("F", i), "Field"}).ok());
    });
  }
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(observer.writes.load(), opened_writes + 17);
  EXPECT_LE(observer.groups.load(), opened_groups + 17);
  EXPECT_GE(observer.groups.load(), opened_groups + 2);
  EXPECT_EQ(observer.bad.load(), 0);
}

TEST(EngineStats, ReportsTheEngineInPlainNumbers) {
  testing::TempDir dir;
  absl::StatusOr<std::unique_ptr<Store>> store =
      OpenRocksDbStore(dir.Sub("store"));
  ASSERT_TRUE(store.ok()) << store.status();
  ASSERT_TRUE((*store)->PutField({"F0", "Field 0"}).ok());
  absl::StatusOr<EngineStats> stats = (*store)->GetEngineStats();
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_GT(stats->memtable_bytes, 0);
  EXPECT_GE(stats->table_bytes, 0);
  EXPECT_EQ(stats->pending_compaction_bytes, 0);
  EXPECT_EQ(stats->write_stalls, 0);
  EXPECT_FALSE(stats->writes_stopped);
}

}  // namespace
}  // namespace motcua::storage

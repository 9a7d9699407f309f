// Group commit: concurrent writes land whole, counter rows summed exactly,
// and a batch that cannot be grouped fails alone.
#include "storage/group_commit.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/counter_merge_operator.h"
#include "storage/counter_row_codec.h"
#include "tests/testing/temp_dir.h"

namespace motcua::storage {
namespace {

using core::CounterRow;
using core::Metric;

// A RocksDB with a records family and a counters family, as the engine has.
class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    families.emplace_back("default", rocksdb::ColumnFamilyOptions());
    rocksdb::ColumnFamilyOptions counters;
    counters.merge_operator = NewCounterMergeOperator();
    families.emplace_back("counters", counters);
    rocksdb::DBOptions options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(
        rocksdb::DB::Open(options, dir_.path(), families, &handles_, &db).ok());
    db_.reset(db);
    rocksdb::WriteOptions write;
    write.sync = true;
    commit_ =
        std::make_unique<GroupCommit>(db_.get(), write, handles_, handles_[1]);
  }
  void TearDown() override {
    commit_.reset();
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
  }

  std::string Record(const std::string& key) {
    std::string value;
    rocksdb::Status s =
        db_->Get(rocksdb::ReadOptions(), handles_[0], key, &value);
    return s.ok() ? value : "<" + s.ToString() + ">";
  }
  CounterRow Counter(const std::string& key) {
    std::string value;
    CounterRow row;
    if (db_->Get(rocksdb::ReadOptions(), handles_[1], key, &value).ok()) {
      EXPECT_TRUE(AddEncodedCounterRow(value, &row));
    }
    return row;
  }

  testing::TempDir dir_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
  std::unique_ptr<GroupCommit> commit_;
};

CounterRow Row(Metric metric, int64_t value) {
  CounterRow row;
  row[metric] = value;
  return row;
}

TEST_F(GroupCommitTest, WritesTheBatchAndAddsTheCounterRows) {
  rocksdb::WriteBatch batch;
  batch.Put(handles_[0], "dossier", "record");
  ASSERT_TRUE(commit_
                  ->Write(batch, {{"province", Row(Metric::kFinishedEarly, 2)},
                                  {"district", Row(Metric::kFinishedLate, 1)}})
                  .ok());
  EXPECT_EQ(Record("dossier"), "record");
  EXPECT_EQ(Counter("province"), Row(Metric::kFinishedEarly, 2));
  EXPECT_EQ(Counter("district"), Row(Metric::kFinishedLate, 1));
}

TEST_F(GroupCommitTest, ConcurrentWritersAllLandAndSharedRowsSumExactly) {
  constexpr int kThreads = 16;
  constexpr int kWrites = 150;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        rocksdb::WriteBatch batch;
        batch.Put(handles_[0], absl::StrCat("d", t, "-", i), "r");
        // Every writer adds to the shared row; each thread also to its own.
        ASSERT_TRUE(
            commit_
                ->Write(batch, {{"shared", Row(Metric::kReceivedOnline, 1)},
                                {absl::StrCat("own", t),
                                 Row(Metric::kReceivedDirect, 3)}})
                .ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kWrites; ++i) {
      ASSERT_EQ(Record(absl::StrCat("d", t, "-", i)), "r");
    }
    EXPECT_EQ(Counter(absl::StrCat("own", t)),
              Row(Metric::kReceivedDirect, 3 * kWrites));
  }
  EXPECT_EQ(Counter("shared"),
            Row(Metric::kReceivedOnline, kThreads * kWrites));
}

TEST_F(GroupCommitTest, RowsThatCancelOutAreNotWritten) {
  rocksdb::WriteBatch batch;
  batch.Put(handles_[0], "dossier", "record");
  ASSERT_TRUE(commit_->Write(batch, {{"province", CounterRow()}}).ok());
  std::string value;
  EXPECT_TRUE(db_->Get(rocksdb::ReadOptions(), handles_[1], "province", &value)
                  .IsNotFound());
}

TEST_F(GroupCommitTest, ABatchTheEngineNeverWritesFailsAloneAndLeavesNothing) {
  // Bad and good writers race, so some share a group.
  constexpr int kThreads = 8;
  constexpr int kWrites = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const bool bad = t % 2 == 0;
      for (int i = 0; i < kWrites; ++i) {
        rocksdb::WriteBatch batch;
        batch.Put(handles_[0], absl::StrCat("d", t, "-", i), "r");
        if (bad) {
          ASSERT_TRUE(batch.DeleteRange(handles_[0], "a", "b").ok());
        }
        const absl::Status s = commit_->Write(
            batch, {{bad ? "bad" : "good", Row(Metric::kFinishedEarly, 1)}});
        if (bad) {
          ASSERT_EQ(s.code(), absl::StatusCode::kInternal);
          ASSERT_NE(s.message().find("grouping a write"), std::string::npos);
        } else {
          ASSERT_TRUE(s.ok()) << s;
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kWrites; ++i) {
      ASSERT_EQ(Record(absl::StrCat("d", t, "-", i)),
                t % 2 == 0 ? "<NotFound: >" : "r");
    }
  }
  EXPECT_EQ(Counter("bad"), CounterRow());
  EXPECT_EQ(Counter("good"),
            Row(Metric::kFinishedEarly, kThreads / 2 * kWrites));
}

TEST_F(GroupCommitTest, ASingleDeleteIsRefusedNotDroppedSilently) {
  // RocksDB's default handler would skip it and report success.
  rocksdb::WriteBatch batch;
  batch.Put(handles_[0], "record", "r");
  ASSERT_TRUE(batch.SingleDelete(handles_[0], "other").ok());
  const absl::Status s = commit_->Write(batch, {});
  EXPECT_EQ(s.code(), absl::StatusCode::kInternal);
  EXPECT_NE(s.message().find("single delete"), std::string::npos);
  EXPECT_EQ(Record("record"), "<NotFound: >");
}

}  // namespace
}  // namespace motcua::storage

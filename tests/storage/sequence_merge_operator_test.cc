// A dossier-code sequence only grows, whatever order its writes commit in.
#include "storage/sequence_merge_operator.h"

#include <string>

#include "gtest/gtest.h"
#include "storage/keys.h"

namespace motcua::storage {
namespace {

std::string Number(int64_t n) {
  std::string out;
  keys::AppendInt64(n, &out);
  return out;
}

std::string Merged(const std::string* existing, const std::string& value) {
  std::shared_ptr<rocksdb::MergeOperator> op = NewHighestNumberMergeOperator();
  const rocksdb::Slice existing_slice =
      existing != nullptr ? rocksdb::Slice(*existing) : rocksdb::Slice();
  std::string out;
  EXPECT_TRUE(static_cast<rocksdb::AssociativeMergeOperator*>(op.get())->Merge(
      "k", existing != nullptr ? &existing_slice : nullptr, value, &out,
      nullptr));
  return out;
}

TEST(HighestNumberMerge, KeepsTheHigherNumberWhenALowerCommitsLater) {
  const std::string six = Number(6);
  EXPECT_EQ(Merged(&six, Number(5)), Number(6));
}

TEST(HighestNumberMerge, TakesAHigherNumber) {
  const std::string five = Number(5);
  EXPECT_EQ(Merged(&five, Number(6)), Number(6));
}

TEST(HighestNumberMerge, FirstNumberStandsAlone) {
  EXPECT_EQ(Merged(nullptr, Number(1)), Number(1));
}

TEST(HighestNumberMerge, RefusesAValueThatIsNotANumber) {
  std::shared_ptr<rocksdb::MergeOperator> op = NewHighestNumberMergeOperator();
  std::string out;
  EXPECT_FALSE(static_cast<rocksdb::AssociativeMergeOperator*>(op.get())->Merge(
      "k", nullptr, rocksdb::Slice("abc"), &out, nullptr));
}

}  // namespace
}  // namespace motcua::storage

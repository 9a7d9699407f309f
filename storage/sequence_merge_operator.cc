#include "storage/sequence_merge_operator.h"

#include <algorithm>
#include <string>

#include "storage/keys.h"

namespace motcua::storage {

std::string EncodeSequenceNumber(int64_t number) {
  std::string out;
  keys::AppendInt64(number, &out);
  return out;
}

bool DecodeSequenceNumber(absl::string_view value, int64_t* number) {
  return keys::ReadInt64(&value, number) && value.empty();
}

namespace {

bool ReadNumber(const rocksdb::Slice& slice, int64_t* number) {
  return DecodeSequenceNumber(absl::string_view(slice.data(), slice.size()),
                              number);
}

class HighestNumberMergeOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/,
             const rocksdb::Slice* existing_value, const rocksdb::Slice& value,
             std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    int64_t highest = 0;
    if (!ReadNumber(value, &highest)) return false;
    if (existing_value != nullptr) {
      int64_t existing = 0;
      if (!ReadNumber(*existing_value, &existing)) return false;
      highest = std::max(highest, existing);
    }
    *new_value = EncodeSequenceNumber(highest);
    return true;
  }

  const char* Name() const override { return "motcua.HighestNumber.v1"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewHighestNumberMergeOperator() {
  return std::make_shared<HighestNumberMergeOperator>();
}

}  // namespace motcua::storage

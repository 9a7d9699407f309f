#include "storage/counter_merge_operator.h"

#include <string>

#include "storage/counter_row_codec.h"

namespace motcua::storage {
namespace {

class CounterMergeOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/,
             const rocksdb::Slice* existing_value, const rocksdb::Slice& value,
             std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    core::CounterRow sum;
    if (existing_value != nullptr &&
        !AddEncodedCounterRow(
            absl::string_view(existing_value->data(), existing_value->size()),
            &sum)) {
      return false;
    }
    if (!AddEncodedCounterRow(absl::string_view(value.data(), value.size()),
                              &sum)) {
      return false;
    }
    *new_value = EncodeCounterRow(sum);
    return true;
  }

  const char* Name() const override { return "motcua.CounterRowAdd.v1"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewCounterMergeOperator() {
  return std::make_shared<CounterMergeOperator>();
}

}  // namespace motcua::storage

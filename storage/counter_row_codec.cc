#include "storage/counter_row_codec.h"

#include <cstdint>

namespace motcua::storage {
namespace {

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(absl::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    const auto byte = static_cast<uint8_t>((*in)[0]);
    in->remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}

int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

}  // namespace

std::string EncodeCounterRow(const core::CounterRow& row) {
  std::string out;
  for (int i = 0; i < core::kMetricCount; ++i) {
    if (row.values[i] == 0) continue;
    PutVarint(static_cast<uint64_t>(i), &out);
    PutVarint(ZigZag(row.values[i]), &out);
  }
  return out;
}

bool AddEncodedCounterRow(absl::string_view bytes, core::CounterRow* row) {
  while (!bytes.empty()) {
    uint64_t metric = 0, value = 0;
    if (!GetVarint(&bytes, &metric) || !GetVarint(&bytes, &value)) {
      return false;
    }
    if (metric < static_cast<uint64_t>(core::kMetricCount)) {
      row->values[metric] += UnZigZag(value);
    }
  }
  return true;
}

}  // namespace motcua::storage

// The RocksDB engine's key encodings keep numeric and code order.
#include "storage/keys.h"

#include <algorithm>
#include <random>

#include "gtest/gtest.h"
#include "storage/counter_row_codec.h"
#include "storage/layout.h"

namespace motcua::storage::keys {
namespace {

TEST(KeyEncoding, Int32BytesSortLikeNumbers) {
  std::vector<int32_t> values = {INT32_MIN, -70000, -1,    0,        1,
                                 255,       256,    20000, INT32_MAX};
  std::mt19937 random(1);
  for (int i = 0; i < 1000; ++i)
    values.push_back(static_cast<int32_t>(random()));
  for (size_t i = 0; i < values.size(); ++i) {
    for (size_t j = 0; j < values.size(); j += 7) {
      std::string a, b;
      AppendInt32(values[i], &a);
      AppendInt32(values[j], &b);
      EXPECT_EQ(a < b, values[i] < values[j]) << values[i] << " " << values[j];
    }
  }
}

TEST(KeyEncoding, Int64BytesSortLikeNumbersAndReadBack) {
  std::vector<int64_t> values = {INT64_MIN, -1, 0, 1, 1LL << 40, INT64_MAX};
  for (size_t i = 0; i + 1 < values.size(); ++i) {
    std::string a, b;
    AppendInt64(values[i], &a);
    AppendInt64(values[i + 1], &b);
    EXPECT_LT(a, b);
    absl::string_view in = a;
    int64_t back = 0;
    ASSERT_TRUE(ReadInt64(&in, &back));
    EXPECT_EQ(back, values[i]);
    EXPECT_TRUE(in.empty());
  }
}

TEST(KeyEncoding, TerminatedCodesNeverInterleaveWithLongerCodes) {
  // "H29.1" must sort wholly before "H29.10" so prefix scans of one code
  // never see the other's keys.
  std::string short_day9, long_day0;
  AppendString("H29.1", &short_day9);
  AppendInt32(9, &short_day9);
  AppendString("H29.10", &long_day0);
  AppendInt32(0, &long_day0);
  EXPECT_LT(short_day9, long_day0);
}

TEST(KeyEncoding, EventsOfADossierSortBySequence) {
  EXPECT_LT(EventKey("H29.18070-250303-0001", 2),
            EventKey("H29.18070-250303-0001", 10));
  EXPECT_EQ(EventKey("H29.18070-250303-0001", 2)
                .rfind(EventPrefix("H29.18070-250303-0001"), 0),
            0u);
}

TEST(KeyEncoding, ReceivedIndexSortsByDayThenCode) {
  const core::Scope district{core::ScopeKind::kDistrict, "436"};
  EXPECT_LT(ReceivedIndexKey(district, absl::CivilDay(2025, 3, 3), "Z-1"),
            ReceivedIndexKey(district, absl::CivilDay(2025, 3, 4), "A-1"));
  EXPECT_LT(ReceivedIndexKey(district, absl::CivilDay(1999, 12, 31), "A"),
            ReceivedIndexKey(district, absl::CivilDay(2000, 1, 1), "A"));
}

TEST(KeyEncoding, CounterKeysParseBack) {
  const std::string key =
      CounterKey({core::ScopeKind::kCommune, "18070"}, core::Dimension::kField,
                 Bucket::kDay, 20150, "HOTICH");
  CounterKeyParts parts;
  ASSERT_TRUE(ParseCounterKey(key, &parts));
  EXPECT_EQ(parts.scope.kind, core::ScopeKind::kCommune);
  EXPECT_EQ(parts.scope.code, "18070");
  EXPECT_EQ(parts.dimension, core::Dimension::kField);
  EXPECT_EQ(parts.bucket, Bucket::kDay);
  EXPECT_EQ(parts.period, 20150);
  EXPECT_EQ(parts.dimension_code, "HOTICH");
}

TEST(KeyEncoding, CounterKeysOfOnePeriodAreContiguousAcrossCodes) {
  const core::Scope s{core::ScopeKind::kDistrict, "436"};
  const std::string prefix =
      CounterPeriodPrefix(s, core::Dimension::kField, Bucket::kDay, 100);
  const std::string a =
      CounterKey(s, core::Dimension::kField, Bucket::kDay, 100, "DATDAI");
  const std::string z =
      CounterKey(s, core::Dimension::kField, Bucket::kDay, 100, "XAYDUNG");
  const std::string next_day =
      CounterKey(s, core::Dimension::kField, Bucket::kDay, 101, "AAA");
  EXPECT_EQ(a.rfind(prefix, 0), 0u);
  EXPECT_LT(a, z);
  EXPECT_LT(z, next_day);
  EXPECT_LT(z, PrefixEnd(prefix));
  EXPECT_LE(PrefixEnd(prefix), next_day);
}

TEST(CounterRowCodec, EncodesOnlyNonZeroValuesAndAddsBack) {
  core::CounterRow row;
  row[core::Metric::kReceivedOnline] = 3;
  row[core::Metric::kOverdueUntil] = -2;
  const std::string bytes = EncodeCounterRow(row);
  EXPECT_EQ(bytes.size(), 4u);
  core::CounterRow sum;
  sum[core::Metric::kReceivedOnline] = 1;
  ASSERT_TRUE(AddEncodedCounterRow(bytes, &sum));
  EXPECT_EQ(sum[core::Metric::kReceivedOnline], 4);
  EXPECT_EQ(sum[core::Metric::kOverdueUntil], -2);
}

TEST(CounterRowCodec, RejectsTruncatedBytes) {
  core::CounterRow row;
  row[core::Metric::kStepLate] = 300;
  std::string bytes = EncodeCounterRow(row);
  bytes.pop_back();
  core::CounterRow sum;
  EXPECT_FALSE(AddEncodedCounterRow(bytes, &sum));
}

// A standing entry read in place answers as the decoded share does: an
// interval holds its first day and not its end.
TEST(StandingValue, PeekCountsTheIntervalsHoldingADayLikeTheShare) {
  core::ScopeShare share;
  share.field_code = "G09-TP";
  share.procedure_code = "1.000894";
  using D = absl::CivilDay;
  share.standings[static_cast<int>(core::Standing::kOpen)] = {
      {D(2025, 3, 3), D(2025, 3, 20)}};
  share.standings[static_cast<int>(core::Standing::kOverdue)] = {
      {D(2025, 3, 10), D(2025, 3, 12)}, {D(2025, 3, 14), D(2025, 3, 20)}};
  const std::string value = EncodeStandingValue(share);
  for (core::Standing standing :
       {core::Standing::kOpen, core::Standing::kOverdue,
        core::Standing::kAwaitingSupplement}) {
    for (D day = D(2025, 3, 1); day <= D(2025, 3, 22); ++day) {
      absl::string_view field, procedure;
      int64_t times = -1;
      ASSERT_TRUE(
          PeekStandingValue(value, standing, day, &field, &procedure, &times));
      EXPECT_EQ(times, share.StandingAt(standing, day)) << day;
      EXPECT_EQ(field, "G09-TP");
      EXPECT_EQ(procedure, "1.000894");
    }
  }
  absl::string_view field, procedure;
  int64_t times = 0;
  EXPECT_TRUE(PeekStandingValue(value, core::Standing::kOverdue, D(2025, 3, 11),
                                &field, &procedure, &times));
  EXPECT_EQ(times, 1);
  EXPECT_FALSE(PeekStandingValue(value.substr(0, value.size() - 1),
                                 core::Standing::kOpen, D(2025, 3, 11), &field,
                                 &procedure, &times));
  EXPECT_FALSE(PeekStandingValue(value + "x", core::Standing::kOpen,
                                 D(2025, 3, 11), &field, &procedure, &times));
}

}  // namespace
}  // namespace motcua::storage::keys

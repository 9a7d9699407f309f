// Rates are exact fractions; over zero dossiers they are "no data".
#include "core/rates.h"

#include "gtest/gtest.h"

namespace motcua::core {
namespace {

TEST(Rates, OverZeroDossiersIsNoDataNotZero) {
  const Rates r = ComputeRates(Form06());
  EXPECT_FALSE(r.on_time.has_data());
  EXPECT_EQ(r.on_time.Percent(), "no data");
  EXPECT_FALSE(r.on_time.value().has_value());
  EXPECT_FALSE(r.online_level4.has_data());
}

TEST(Rates, NoResolvedButSomeReceivedStillHasOnlineData) {
  Form06 f;
  f.received_online = 1;
  f.received_direct_postal = 3;
  f.received_online_level4 = 1;
  const Rates r = ComputeRates(f);
  EXPECT_FALSE(r.on_time.has_data());
  EXPECT_EQ(r.online_level4, (Rate{1, 4}));
  EXPECT_EQ(r.online_level4.Percent(), "25.00%");
}

TEST(Rates, OnTimeCountsEarlyAndOnTimeOverResolved) {
  Form06 f;
  f.resolved_total = 40;
  f.resolved_early = 30;
  f.resolved_on_time = 9;
  f.resolved_late = 1;
  const Rates r = ComputeRates(f);
  EXPECT_EQ(r.on_time, (Rate{39, 40}));
  EXPECT_EQ(r.on_time.Percent(), "97.50%");
  EXPECT_EQ(r.early, (Rate{30, 40}));
}

TEST(Rates, ProgressIndexAddsWorkStillWithinTime) {
  Form06 f;
  f.resolved_total = 10;
  f.resolved_early = 6;
  f.resolved_on_time = 2;
  f.in_progress_total = 5;
  f.in_progress_within_time = 4;
  EXPECT_EQ(ComputeRates(f).progress_index, (Rate{12, 15}));
}

TEST(Rates, PercentRoundsHalfUpWithoutFloatingPoint) {
  EXPECT_EQ((Rate{2, 3}).Percent(), "66.67%");
  EXPECT_EQ((Rate{1, 8}).Percent(), "12.50%");
  EXPECT_EQ((Rate{1, 80000}).Percent(), "0.00%");
  EXPECT_EQ((Rate{1, 20000}).Percent(), "0.01%");  // 0.005% rounds up
  EXPECT_EQ((Rate{999999, 1000000}).Percent(), "100.00%");
  EXPECT_EQ((Rate{5, 5}).Percent(), "100.00%");
}

}  // namespace
}  // namespace motcua::core

// Token buckets per key, on a clock the test moves.
#include "service/rate_limiter.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace motcua::service {
namespace {

class RateLimiterTest : public ::testing::Test {
 protected:
  absl::Time now_ = absl::FromUnixSeconds(1764500000);
  std::function<absl::Time()> clock_ = [this] { return now_; };
};

TEST_F(RateLimiterTest, AKeyTakesItsBurstThenWaitsForTheRate) {
  RateLimiter limiter({/*per_second=*/0.5, /*burst=*/3}, 100, clock_);
  EXPECT_TRUE(limiter.TryTake("a"));
  EXPECT_TRUE(limiter.TryTake("a"));
  EXPECT_TRUE(limiter.TryTake("a"));
  EXPECT_FALSE(limiter.TryTake("a"));
  EXPECT_EQ(limiter.Wait("a"), absl::Seconds(2));
  now_ += absl::Seconds(1);
  EXPECT_FALSE(limiter.TryTake("a"));
  now_ += absl::Seconds(1);
  EXPECT_TRUE(limiter.TryTake("a"));
  EXPECT_FALSE(limiter.TryTake("a"));
}

TEST_F(RateLimiterTest, AGivenBackTokenIsTakenAgainButNeverBeyondTheBurst) {
  RateLimiter limiter({/*per_second=*/0.001, /*burst=*/2}, 100, clock_);
  EXPECT_TRUE(limiter.TryTake("a"));
  EXPECT_TRUE(limiter.TryTake("a"));
  EXPECT_FALSE(limiter.TryTake("a"));
  limiter.GiveBack("a");
  EXPECT_TRUE(limiter.TryTake("a"));
  EXPECT_FALSE(limiter.TryTake("a"));
  // A full bucket stays at its burst; an unknown key gains nothing.
  limiter.GiveBack("b");
  EXPECT_EQ(limiter.tracked(), 1u);
  EXPECT_TRUE(limiter.TryTake("b"));
  limiter.GiveBack("b");
  limiter.GiveBack("b");
  EXPECT_TRUE(limiter.TryTake("b"));
  EXPECT_TRUE(limiter.TryTake("b"));
  EXPECT_FALSE(limiter.TryTake("b"));
}

TEST_F(RateLimiterTest, KeysAreIndependent) {
  RateLimiter limiter({1, 1}, 100, clock_);
  EXPECT_TRUE(limiter.TryTake("a"));
  EXPECT_FALSE(limiter.TryTake("a"));
  EXPECT_TRUE(limiter.TryTake("b"));
  EXPECT_EQ(limiter.Wait("c"), absl::ZeroDuration());
}

TEST_F(RateLimiterTest, AFloodOfKeysNeitherGrowsMemoryNorForgetsTheEmptyFirst) {
  RateLimiter limiter({0.001, 1}, 10, clock_);
  EXPECT_TRUE(limiter.TryTake("attacker"));
  for (int i = 0; i < 8; ++i) {
    EXPECT_TRUE(limiter.TryTake(absl::StrCat("k", i)));
  }
  EXPECT_EQ(limiter.tracked(), 9u);
  // The emptied key is remembered while new keys come: still refused.
  EXPECT_FALSE(limiter.TryTake("attacker"));
  for (int i = 0; i < 100; ++i) limiter.TryTake(absl::StrCat("n", i));
  EXPECT_LE(limiter.tracked(), 10u);
  EXPECT_TRUE(limiter.TryTake("fresh"));
}

}  // namespace
}  // namespace motcua::service

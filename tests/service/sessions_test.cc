// The dashboard's session table: a session stands for its token until it
// is ended, idle too long or past its lifetime, and the table stays bounded.
#include "service/sessions.h"

#include <set>

#include "gtest/gtest.h"

namespace motcua::service {
namespace {

class SessionsTest : public ::testing::Test {
 protected:
  Sessions Make(size_t max_sessions = 10) {
    SessionOptions o;
    o.max_sessions = max_sessions;
    o.lifetime = absl::Hours(8);
    o.idle = absl::Minutes(30);
    return Sessions(o, [this] { return now_; });
  }
  absl::Time now_ = absl::FromUnixSeconds(1'800'000'000);
};

TEST_F(SessionsTest, ASessionStandsForItsTokenUntilEnded) {
  Sessions s = Make();
  auto a = s.Start("Bearer-a");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->id.size(), 43u);
  EXPECT_EQ(a->expires, now_ + absl::Hours(8));
  EXPECT_EQ(s.TokenOf(a->id), "Bearer-a");
  EXPECT_EQ(s.TokenOf(a->id + "x"), std::nullopt);
  EXPECT_EQ(s.TokenOf(""), std::nullopt);
  s.End(a->id);
  EXPECT_EQ(s.TokenOf(a->id), std::nullopt);
  EXPECT_EQ(s.size(), 0u);
}

TEST_F(SessionsTest, IdsAreRandom) {
  Sessions s = Make(100);
  std::set<std::string> ids;
  for (int i = 0; i < 50; ++i) ids.insert(s.Start("t")->id);
  EXPECT_EQ(ids.size(), 50u);
}

TEST_F(SessionsTest, IdleSessionsEndAndRequestsKeepThemAlive) {
  Sessions s = Make();
  const std::string a = s.Start("a")->id;
  const std::string b = s.Start("b")->id;
  now_ += absl::Minutes(29);
  EXPECT_EQ(s.TokenOf(a), "a");  // a request: a's idle clock restarts
  now_ += absl::Minutes(2);
  EXPECT_EQ(s.TokenOf(a), "a");
  EXPECT_EQ(s.TokenOf(b), std::nullopt);  // 31 minutes without a request
}

TEST_F(SessionsTest, NoSessionOutlivesItsLifetime) {
  Sessions s = Make();
  const std::string a = s.Start("a")->id;
  for (int i = 0; i < 16; ++i) {
    now_ += absl::Minutes(29);
    ASSERT_EQ(s.TokenOf(a), "a") << i;
  }
  now_ += absl::Minutes(29);  // 8 h 41 min after sign-in
  EXPECT_EQ(s.TokenOf(a), std::nullopt);
}

TEST_F(SessionsTest, WhenFullTheSessionNearestItsEndGivesWay) {
  Sessions s = Make(3);
  const std::string first = s.Start("1")->id;
  now_ += absl::Minutes(1);
  const std::string second = s.Start("2")->id;
  const std::string third = s.Start("3")->id;
  const std::string fourth = s.Start("4")->id;
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.TokenOf(first), std::nullopt);
  EXPECT_EQ(s.TokenOf(second), "2");
  EXPECT_EQ(s.TokenOf(third), "3");
  EXPECT_EQ(s.TokenOf(fourth), "4");
}

TEST_F(SessionsTest, ExpiredSessionsAreSweptBeforeAnyoneIsEvicted) {
  Sessions s = Make(2);
  const std::string old = s.Start("old")->id;
  now_ += absl::Minutes(10);
  const std::string kept = s.Start("kept")->id;
  now_ += absl::Minutes(25);  // old idle 35 min, kept 25 min
  const std::string fresh = s.Start("fresh")->id;
  EXPECT_EQ(s.TokenOf(kept), "kept");
  EXPECT_EQ(s.TokenOf(fresh), "fresh");
  EXPECT_EQ(s.TokenOf(old), std::nullopt);
}

}  // namespace
}  // namespace motcua::service

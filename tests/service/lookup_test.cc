// The public lookup's timing: found or not, its answer comes no sooner than
// the policy's floor, so the time it takes does not tell a known code from
// an unknown one; and the key its per-address rate is counted under.
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "service/application.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::service {
namespace {

using ::motcua::testing::Local;

class LookupTimingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *storage::OpenRocksDbStore(dir_.Sub("db"));
    ASSERT_TRUE(testing::LoadWorld(world_, *store_).ok());
    absl::StatusOr<storage::DossierWrite> w =
        testing::Receive(*store_, world_, "H29.18070", "1.000894",
                         core::Channel::kDirect, Local(2025, 3, 3, 9, 0));
    ASSERT_TRUE(w.ok()) << w.status();
    code_ = w->dossier.code;
    LookupPolicy lookup;
    lookup.answer_floor = kFloor;
    app_ = *Application::Create(
        *store_, TimePolicy(), [] { return absl::Now(); }, lookup);
  }
  // How long one lookup took, and its status code.
  absl::Duration Timed(const std::string& code, const std::string& id_number,
                       absl::StatusCode* status) {
    const absl::Time start = absl::Now();
    *status = app_->dossiers()
                  .Lookup(code, id_number, "ipv4:192.0.2.7")
                  .status()
                  .code();
    return absl::Now() - start;
  }

  static constexpr absl::Duration kFloor = absl::Milliseconds(40);
  testing::TempDir dir_;
  testing::World world_ = testing::SmallProvince();
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Application> app_;
  std::string code_;
};

TEST_F(LookupTimingTest, AFoundDossierAnswersNoSoonerThanTheFloor) {
  absl::StatusCode status;
  EXPECT_GE(Timed(code_, "042190005678", &status), kFloor);
  EXPECT_EQ(status, absl::StatusCode::kOk);
}

TEST_F(LookupTimingTest, AWrongIdentityNumberAnswersNoSoonerThanTheFloor) {
  absl::StatusCode status;
  EXPECT_GE(Timed(code_, "042190005679", &status), kFloor);
  EXPECT_EQ(status, absl::StatusCode::kNotFound);
}

TEST_F(LookupTimingTest, AnUnknownCodeAnswersNoSoonerThanTheFloor) {
  absl::StatusCode status;
  EXPECT_GE(Timed("H29.18070-250303-0999", "042190005678", &status), kFloor);
  EXPECT_EQ(status, absl::StatusCode::kNotFound);
}

TEST(LookupClientKey, AnIpv4AddressIsItsOwnKey) {
  EXPECT_EQ(LookupClientKey("ipv4:192.0.2.7"), "ipv4:192.0.2.7");
}

TEST(LookupClientKey, AnIpv6AddressCountsUnderItsSlash64) {
  EXPECT_EQ(LookupClientKey("ipv6:[2001:db8:1:2::1]"),
            "ipv6:2001:db8:1:2::/64");
  EXPECT_EQ(LookupClientKey("ipv6:[2001:db8:1:2:aaaa:bbbb:cccc:dddd]"),
            "ipv6:2001:db8:1:2::/64");
  EXPECT_EQ(LookupClientKey("ipv6:[2001:db8:1:3::1%eth0]"),
            "ipv6:2001:db8:1:3::/64");
}

// A server listening on [::] sees IPv4 clients as mapped addresses: each
// keeps its own budget (their /64 is the same for all of them).
TEST(LookupClientKey, AnIpv4MappedAddressCountsAsItsIpv4Address) {
  EXPECT_EQ(LookupClientKey("ipv6:[::ffff:192.0.2.7]"), "ipv4:192.0.2.7");
  EXPECT_EQ(LookupClientKey("ipv6:[::ffff:192.0.2.8]"), "ipv4:192.0.2.8");
}

TEST(LookupClientKey, AnythingElseIsItsOwnKey) {
  EXPECT_EQ(LookupClientKey("unix:/tmp/s"), "unix:/tmp/s");
  EXPECT_EQ(LookupClientKey("ipv6:[not an address]"), "ipv6:[not an address]");
}

// Two hosts of one /64 share one budget; the next /64 has its own.
TEST_F(LookupTimingTest, HostsOfOneIpv6NetworkShareTheAddressRate) {
  LookupPolicy lookup;
  lookup.answer_floor = absl::ZeroDuration();
  lookup.per_address_per_minute = 1;
  lookup.address_burst = 1;
  std::unique_ptr<Application> app = *Application::Create(
      *store_, TimePolicy(), [] { return absl::Now(); }, lookup);
  auto ask = [&](const std::string& client) {
    return app->dossiers()
        .Lookup(code_, "042190005678", client)
        .status()
        .code();
  };
  EXPECT_EQ(ask("ipv6:[2001:db8:1:2::1]"), absl::StatusCode::kOk);
  EXPECT_EQ(ask("ipv6:[2001:db8:1:2::9]"),
            absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ask("ipv6:[2001:db8:1:3::1]"), absl::StatusCode::kOk);
}

}  // namespace
}  // namespace motcua::service

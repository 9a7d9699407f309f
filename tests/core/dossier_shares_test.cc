// A dossier's shares in the counters of each scope: what a report cell's
// listing follows (core/dossier_shares.h).
#include "core/dossier_shares.h"

#include "core/dossier_changes.h"
#include "core/local_time.h"
#include "gtest/gtest.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::core {
namespace {

using ::motcua::testing::Local;
using ::motcua::testing::ShippedCalendar;

// Marriage registration: level 3, PARTIAL, 5 working days.
ProcedureSnapshot Marriage() {
  return {"1.000894",
          "HOTICH",
          3,
          OnlineClass::kPartial,
          {5, TimeUnit::kWorkingDays},
          false};
}

// Received at the desk on Friday 24 January 2025, the last working day
// before the Tết holiday (25 January - 2 February).
Dossier ReceivedBeforeTet() {
  NewDossier n;
  n.code = "H29.18352-250124-0001";
  n.agency_code = "H29.18352";
  n.channel = Channel::kDirect;
  n.procedure = Marriage();
  n.units = {"42", "437", "18352"};
  n.at = Local(2025, 1, 24, 9, 0);
  absl::StatusOr<DossierChange> c =
      CreateDossierChange(ShippedCalendar(), n, {"desk", ""});
  EXPECT_TRUE(c.ok()) << c.status();
  return c->dossier;
}

Dossier Then(const Dossier& d, DossierStatus to, absl::Time at) {
  absl::StatusOr<DossierChange> c =
      TransitionChange(ShippedCalendar(), DomainRules(), d, to, at,
                       to == DossierStatus::kResolved ? Outcome::kGranted
                                                      : Outcome::kUnspecified,
                       {"officer", ""});
  EXPECT_TRUE(c.ok()) << c.status();
  return c->dossier;
}

const ScopeShare* ShareOf(const std::vector<ScopeShare>& shares,
                          const Scope& scope) {
  for (const ScopeShare& s : shares) {
    if (s.scope == scope) return &s;
  }
  return nullptr;
}

const Scope kDistrict{ScopeKind::kDistrict, "437"};

TEST(DossierShares, DueDateSkipsTet) {
  // Five working days from Monday 3 February: due Friday 7 February.
  const Dossier d = ReceivedBeforeTet();
  ASSERT_TRUE(d.timeline.due_at.has_value());
  EXPECT_EQ(LocalDay(*d.timeline.due_at), absl::CivilDay(2025, 2, 7));
}

TEST(DossierShares, OneShareForEveryScopeItCountsIn) {
  const std::vector<ScopeShare> shares =
      DossierShares(ReceivedBeforeTet(), Granularity::kDate);
  ASSERT_EQ(shares.size(), 5u);
  for (const Scope& s : std::vector<Scope>{{ScopeKind::kDeployment, ""},
                                           {ScopeKind::kProvince, "42"},
                                           kDistrict,
                                           {ScopeKind::kCommune, "18352"},
                                           {ScopeKind::kAgency, "H29.18352"}}) {
    const ScopeShare* share = ShareOf(shares, s);
    ASSERT_NE(share, nullptr) << s.code;
    EXPECT_EQ(share->field_code, "HOTICH");
    EXPECT_EQ(share->procedure_code, "1.000894");
  }
}

TEST(DossierShares, AnOpenDossierStandsOpenAndOverdueFromTheDayAfterItsDue) {
  const std::vector<ScopeShare> shares =
      DossierShares(ReceivedBeforeTet(), Granularity::kDate);
  const ScopeShare* share = ShareOf(shares, kDistrict);
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(share->counted,
            (std::map<std::pair<Metric, absl::CivilDay>, int64_t>{
                {{Metric::kReceivedDirect, absl::CivilDay(2025, 1, 24)}, 1}}));
  EXPECT_EQ(
      share->standings[static_cast<int>(Standing::kOpen)],
      (std::vector<DayInterval>{{absl::CivilDay(2025, 1, 24), kOpenEnded}}));
  EXPECT_EQ(
      share->standings[static_cast<int>(Standing::kOverdue)],
      (std::vector<DayInterval>{{absl::CivilDay(2025, 2, 8), kOpenEnded}}));
  EXPECT_EQ(share->StandingAt(Standing::kOverdue, absl::CivilDay(2025, 2, 7)),
            0);
  EXPECT_EQ(share->StandingAt(Standing::kOverdue, absl::CivilDay(2025, 2, 8)),
            1);
  EXPECT_EQ(share->Span(),
            (DayInterval{absl::CivilDay(2025, 1, 24), kOpenEnded}));
}

TEST(DossierShares, ALateResolutionClosesBothStandingsOnItsDay) {
  Dossier d = ReceivedBeforeTet();
  d = Then(d, DossierStatus::kProcessing, Local(2025, 1, 24, 10, 0));
  d = Then(d, DossierStatus::kResolved, Local(2025, 2, 10, 9, 0));
  const std::vector<ScopeShare> shares = DossierShares(d, Granularity::kDate);
  const ScopeShare* share = ShareOf(shares, kDistrict);
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(share->counted,
            (std::map<std::pair<Metric, absl::CivilDay>, int64_t>{
                {{Metric::kReceivedDirect, absl::CivilDay(2025, 1, 24)}, 1},
                {{Metric::kFinishedLate, absl::CivilDay(2025, 2, 10)}, 1}}));
  EXPECT_EQ(share->standings[static_cast<int>(Standing::kOpen)],
            (std::vector<DayInterval>{
                {absl::CivilDay(2025, 1, 24), absl::CivilDay(2025, 2, 10)}}));
  EXPECT_EQ(share->standings[static_cast<int>(Standing::kOverdue)],
            (std::vector<DayInterval>{
                {absl::CivilDay(2025, 2, 8), absl::CivilDay(2025, 2, 10)}}));
  // Open at the end of 9 February, no longer at the end of the 10th.
  EXPECT_EQ(share->StandingAt(Standing::kOpen, absl::CivilDay(2025, 2, 9)), 1);
  EXPECT_EQ(share->StandingAt(Standing::kOpen, absl::CivilDay(2025, 2, 10)), 0);
}

TEST(DossierShares, ADossierFinishedOnItsReceptionDayHasNoStanding) {
  Dossier d = ReceivedBeforeTet();
  d = Then(d, DossierStatus::kProcessing, Local(2025, 1, 24, 10, 0));
  d = Then(d, DossierStatus::kResolved, Local(2025, 1, 24, 15, 0));
  const std::vector<ScopeShare> shares = DossierShares(d, Granularity::kDate);
  const ScopeShare* share = ShareOf(shares, kDistrict);
  ASSERT_NE(share, nullptr);
  EXPECT_EQ(share->counted.size(), 2u);
  EXPECT_EQ(share->counted.count(
                {Metric::kFinishedEarly, absl::CivilDay(2025, 1, 24)}),
            1u);
  for (const std::vector<DayInterval>& intervals : share->standings) {
    EXPECT_TRUE(intervals.empty());
  }
  EXPECT_GT(share->Span().from, share->Span().until);
}

}  // namespace
}  // namespace motcua::core

// The cell index contract (Store::ListCounted): the dossiers behind a
// report cell, by period metric or standing, paged, filtered by dimension.
#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using core::Channel;
using core::DossierStatus;
using core::Metric;
using core::ScopeKind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class StoreCellIndex : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<storage::Store>> s =
        GetParam().open(dir_.Sub("db"), [this] { return now_; });
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
    ASSERT_TRUE(LoadWorld(world_, *store_).ok());
  }
  // Receives a marriage registration (5 working days) at Bắc Hà, commune
  // 18070 of district 436.
  std::string Receive(Channel channel, absl::Time at,
                      const std::string& procedure = "1.000894") {
    now_ = std::max(now_, at);
    absl::StatusOr<storage::DossierWrite> w =
        testing::Receive(*store_, world_, "H29.18070", procedure, channel, at);
    EXPECT_TRUE(w.ok()) << w.status();
    return w.ok() ? w->dossier.code : "";
  }
  void Resolve(const std::string& code, absl::Time at) {
    now_ = std::max(now_, at);
    ASSERT_TRUE(Move(*store_, code, DossierStatus::kProcessing, at).ok());
    ASSERT_TRUE(Move(*store_, code, DossierStatus::kResolved, at,
                     core::Outcome::kGranted)
                    .ok());
  }
  // Every page of `q`, codes in order.
  std::vector<std::string> ListAll(storage::CountedQuery q) {
    std::vector<std::string> codes;
    for (int pages = 0; pages < 100; ++pages) {
      absl::StatusOr<storage::CountedPage> page = store_->ListCounted(q);
      EXPECT_TRUE(page.ok()) << page.status();
      if (!page.ok()) break;
      for (const storage::CountedDossier& d : page->dossiers) {
        codes.push_back(d.dossier.code);
      }
      if (page->next_page_token.empty()) break;
      q.page_token = page->next_page_token;
    }
    return codes;
  }
  storage::CountedQuery March(std::vector<Metric> metrics) {
    storage::CountedQuery q;
    q.scope = {ScopeKind::kDistrict, "436"};
    q.metrics = std::move(metrics);
    q.first = absl::CivilDay(2025, 3, 1);
    q.last = absl::CivilDay(2025, 3, 31);
    return q;
  }

  TempDir dir_;
  absl::Time now_ = Local(2025, 3, 1, 8, 0);
  World world_ = SmallProvince();
  std::unique_ptr<storage::Store> store_;
};

TEST_P(StoreCellIndex, PeriodMetricsAreMergedByDayThenCodeAcrossPages) {
  const std::string a = Receive(Channel::kPostal, Local(2025, 3, 4, 9, 0));
  const std::string b = Receive(Channel::kDirect, Local(2025, 3, 3, 9, 0));
  const std::string c = Receive(Channel::kDirect, Local(2025, 3, 4, 10, 0));
  Receive(Channel::kOnline, Local(2025, 3, 4, 11, 0));
  storage::CountedQuery q =
      March({Metric::kReceivedDirect, Metric::kReceivedPostal});
  q.page_size = 1;
  // 3 March: b; 4 March: a and c by code (a, the postal one, is 0001).
  EXPECT_THAT(ListAll(q), ElementsAre(b, a, c));
}

TEST_P(StoreCellIndex, DaysOutsideThePeriodAreNotListed) {
  Receive(Channel::kDirect, Local(2025, 2, 28, 9, 0));
  const std::string march = Receive(Channel::kDirect, Local(2025, 3, 3, 9, 0));
  Receive(Channel::kDirect, Local(2025, 4, 1, 9, 0));
  EXPECT_THAT(ListAll(March({Metric::kReceivedDirect})), ElementsAre(march));
}

TEST_P(StoreCellIndex, StandingsAreJudgedAtTheEndOfTheDayAsked) {
  // Due Monday 10 March; resolved Wednesday 12 March, late.
  const std::string late = Receive(Channel::kDirect, Local(2025, 3, 3, 9, 0));
  const std::string open = Receive(Channel::kDirect, Local(2025, 3, 5, 9, 0));
  Resolve(late, Local(2025, 3, 12, 9, 0));
  storage::CountedQuery q;
  q.scope = {ScopeKind::kDistrict, "436"};
  q.standing = core::Standing::kOpen;
  q.at = absl::CivilDay(2025, 3, 11);
  // The late one ends first (12 March), the open one never.
  EXPECT_THAT(ListAll(q), ElementsAre(late, open));
  q.at = absl::CivilDay(2025, 3, 12);
  EXPECT_THAT(ListAll(q), ElementsAre(open));
  q.standing = core::Standing::kOverdue;
  q.at = absl::CivilDay(2025, 3, 10);
  EXPECT_THAT(ListAll(q), ElementsAre());
  q.at = absl::CivilDay(2025, 3, 11);
  EXPECT_THAT(ListAll(q), ElementsAre(late));
}

TEST_P(StoreCellIndex, AnswersEachDossiersStandingIntervals) {
  const std::string code = Receive(Channel::kDirect, Local(2025, 3, 3, 9, 0));
  storage::CountedQuery q;
  q.scope = {ScopeKind::kAgency, "H29.18070"};
  q.standing = core::Standing::kOpen;
  q.at = absl::CivilDay(2025, 3, 20);
  absl::StatusOr<storage::CountedPage> page = store_->ListCounted(q);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->dossiers.size(), 1u);
  const storage::CountedDossier& d = page->dossiers[0];
  EXPECT_EQ(d.dossier.code, code);
  EXPECT_EQ(d.times, 1);
  EXPECT_EQ(d.share.StandingAt(core::Standing::kOverdue, q.at), 1);
  EXPECT_EQ(
      d.share.StandingAt(core::Standing::kOverdue, absl::CivilDay(2025, 3, 10)),
      0);
}

TEST_P(StoreCellIndex, FiltersByFieldAndProcedure) {
  std::string other_procedure;
  for (const core::Procedure& p : world_.procedures) {
    if (p.code != "1.000894") other_procedure = p.code;
  }
  const std::string marriage =
      Receive(Channel::kDirect, Local(2025, 3, 3, 9, 0), "1.000894");
  const std::string other =
      Receive(Channel::kDirect, Local(2025, 3, 3, 10, 0), other_procedure);
  storage::CountedQuery q = March({Metric::kReceivedDirect});
  q.dimension = core::Dimension::kProcedure;
  q.dimension_code = "1.000894";
  EXPECT_THAT(ListAll(q), ElementsAre(marriage));
  q.dimension_code = other_procedure;
  EXPECT_THAT(ListAll(q), ElementsAre(other));
}

TEST_P(StoreCellIndex, RefusesATokenOfAnotherQuery) {
  for (int i = 0; i < 3; ++i) {
    Receive(Channel::kDirect, Local(2025, 3, 3, 9 + i, 0));
  }
  storage::CountedQuery q = March({Metric::kReceivedDirect});
  q.page_size = 1;
  absl::StatusOr<storage::CountedPage> page = store_->ListCounted(q);
  ASSERT_TRUE(page.ok());
  ASSERT_FALSE(page->next_page_token.empty());
  storage::CountedQuery other = March({Metric::kReceivedPostal});
  other.page_token = page->next_page_token;
  EXPECT_EQ(store_->ListCounted(other).status().code(),
            absl::StatusCode::kInvalidArgument);
  other.page_token = "not a token";
  EXPECT_THAT(store_->ListCounted(other).status().message(),
              HasSubstr("page_token is not a token of this query"));
}

TEST_P(StoreCellIndex, RefusesMalformedQueries) {
  storage::CountedQuery q = March({Metric::kOverdueFrom});
  EXPECT_THAT(store_->ListCounted(q).status().message(),
              HasSubstr("OVERDUE_FROM is a standing's edge"));
  q = March({});
  EXPECT_EQ(store_->ListCounted(q).status().code(),
            absl::StatusCode::kInvalidArgument);
  q = March({Metric::kReceivedDirect});
  q.standing = core::Standing::kOpen;
  EXPECT_EQ(store_->ListCounted(q).status().code(),
            absl::StatusCode::kInvalidArgument);
  q = March({Metric::kReceivedDirect});
  q.page_size = 1001;
  EXPECT_EQ(store_->ListCounted(q).status().code(),
            absl::StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreCellIndex,
                         ::testing::ValuesIn(Engines()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace motcua::testing

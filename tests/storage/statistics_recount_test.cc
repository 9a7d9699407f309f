// Counter-based statistics equal a brute-force recount over the stored
// dossiers, for random legal histories and many random scopes, dimensions,
// periods and as-of days.
#include <random>

#include "core/form06.h"
#include "core/local_time.h"
#include "gtest/gtest.h"
#include "tests/storage/recount.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using core::Dimension;
using core::Form06;
using core::Scope;
using core::ScopeKind;

class StatisticsRecount
    : public ::testing::TestWithParam<std::tuple<Engine, core::Granularity>> {};

TEST_P(StatisticsRecount, CountersEqualABruteForceRecount) {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<storage::Store>> opened =
      std::get<0>(GetParam()).open(dir.Sub("db"), nullptr);
  ASSERT_TRUE(opened.ok()) << opened.status();
  storage::Store& store = **opened;
  core::Settings settings;
  settings.rules.granularity = std::get<1>(GetParam());
  ASSERT_TRUE(store.PutSettings(settings).ok());
  const World world = SmallProvince();
  ASSERT_TRUE(LoadWorld(world, store).ok());

  constexpr int kDossiers = 3000;
  HistoryGenerator generator(world, ShippedCalendar(), settings.rules, 20251);
  std::vector<std::string> codes;
  for (int i = 0; i < kDossiers; ++i) {
    absl::StatusOr<std::string> code = generator.PlayOne(store);
    ASSERT_TRUE(code.ok()) << code.status();
    codes.push_back(*code);
  }
  std::vector<core::Dossier> dossiers;
  for (const std::string& code : codes)
    dossiers.push_back(*store.GetDossier(code));

  std::vector<std::pair<Scope, std::vector<std::pair<Dimension, std::string>>>>
      choices;
  std::vector<Scope> scopes = {{ScopeKind::kDeployment, ""},
                               {ScopeKind::kProvince, "42"}};
  for (const char* d : {"436", "437"})
    scopes.push_back({ScopeKind::kDistrict, d});
  for (const char* c : {"18070", "18073", "18352", "18355"}) {
    scopes.push_back({ScopeKind::kCommune, c});
  }
  for (const core::Agency& a : world.agencies) {
    scopes.push_back({ScopeKind::kAgency, a.code});
  }
  std::vector<std::pair<Dimension, std::string>> dimensions = {
      {Dimension::kTotal, ""}};
  for (const core::Field& f : world.fields) {
    dimensions.push_back({Dimension::kField, f.code});
  }
  for (const core::Procedure& p : world.procedures) {
    dimensions.push_back({Dimension::kProcedure, p.code});
  }

  std::mt19937_64 random(7);
  const absl::CivilDay start(2023, 12, 1), end(2026, 3, 31);
  const int span = static_cast<int>(end - start);
  int checked = 0, non_trivial = 0, batched = 0;
  for (int q = 0; q < 400; ++q) {
    const Scope& scope = scopes[random() % scopes.size()];
    const auto& [dim, code] = dimensions[random() % dimensions.size()];
    absl::CivilDay from = start + static_cast<int>(random() % span);
    absl::CivilDay to = start + static_cast<int>(random() % span);
    if (to < from) std::swap(from, to);
    if (q % 5 == 0) {  // whole years exercise the year buckets
      from = absl::CivilDay(2024 + q % 2, 1, 1);
      to = absl::CivilDay(2024 + q % 2, 12, 31);
    }
    const absl::CivilDay as_of =
        from + static_cast<int>(random() % (to - from + 1));
    auto sum = [&](absl::CivilDay a, absl::CivilDay b) {
      absl::StatusOr<core::CounterRow> row =
          store.SumCounters(scope, dim, code, a, b);
      EXPECT_TRUE(row.ok()) << row.status();
      return row.value_or(core::CounterRow());
    };
    const Form06 counted = core::ComputeForm06(
        sum(storage::kFirstCounterDay, from - 1), sum(from, to),
        sum(storage::kFirstCounterDay, as_of));
    // The counters judge at the end of the as-of day.
    const absl::Time end_of_as_of =
        core::FromLocal(absl::CivilSecond(as_of + 1)) - absl::Microseconds(1);
    const Form06 recounted = Recount(dossiers, settings.rules.granularity,
                                     scope, dim, code, from, to, end_of_as_of);
    ASSERT_EQ(Describe(counted), Describe(recounted))
        << "scope " << static_cast<int>(scope.kind) << ":" << scope.code
        << " dimension " << static_cast<int>(dim) << ":" << code << " " << from
        << ".." << to << " as of " << as_of;
    // The batched forms answer what the single sums do, a range given
    // twice (read once) included.
    if (q % 10 == 0) {
      const std::vector<std::pair<absl::CivilDay, absl::CivilDay>> ranges = {
          {storage::kFirstCounterDay, from - 1},
          {from, to},
          {from, as_of},
          {from, to}};
      absl::StatusOr<std::vector<core::CounterRow>> rows =
          store.SumCounterRanges(scope, dim, code, ranges);
      ASSERT_TRUE(rows.ok()) << rows.status();
      ASSERT_EQ(rows->size(), 4u);
      for (size_t r = 0; r < ranges.size(); ++r) {
        EXPECT_TRUE((*rows)[r] == sum(ranges[r].first, ranges[r].second))
            << "range " << r;
      }
      auto by_code =
          store.SumCounterRangesByDimension(scope, Dimension::kField, ranges);
      ASSERT_TRUE(by_code.ok()) << by_code.status();
      for (size_t r = 0; r < ranges.size(); ++r) {
        auto single = store.SumCountersByDimension(
            scope, Dimension::kField, ranges[r].first, ranges[r].second);
        ASSERT_TRUE(single.ok()) << single.status();
        EXPECT_TRUE((*by_code)[r] == *single) << "range " << r;
      }
      ++batched;
    }
    ++checked;
    if (recounted.received_total > 0 && recounted.in_progress_overdue > 0) {
      ++non_trivial;
    }
  }
  EXPECT_EQ(checked, 400);
  EXPECT_EQ(batched, 40);
  EXPECT_GT(non_trivial, 100) << "the random queries should mostly hit data";
  absl::StatusOr<storage::VerifyReport> report = store.Verify(false);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->consistent());
  EXPECT_EQ(report->dossiers_checked, kDossiers);
  std::cout << "checked " << checked << " random queries over " << kDossiers
            << " dossiers (" << non_trivial << " with overdue work)\n";
}

INSTANTIATE_TEST_SUITE_P(
    EnginesAndGranularities, StatisticsRecount,
    ::testing::Combine(::testing::ValuesIn(Engines()),
                       ::testing::Values(core::Granularity::kDate,
                                         core::Granularity::kInstant)),
    [](const auto& info) {
      return std::get<0>(info.param).name +
             (std::get<1>(info.param) == core::Granularity::kDate ? "Date"
                                                                  : "Instant");
    });

}  // namespace
}  // namespace motcua::testing

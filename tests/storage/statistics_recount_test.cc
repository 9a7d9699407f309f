// Counter-based statistics equal a brute-force recount over the stored
// dossiers, for random legal histories and many random scopes, dimensions,
// periods and as-of days.
#include <random>

#include "absl/strings/str_cat.h"
#include "core/form06.h"
#include "core/local_time.h"
#include "gtest/gtest.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using core::Dimension;
using core::DossierStatus;
using core::Form06;
using core::Scope;
using core::ScopeKind;

std::string Describe(const Form06& f) {
  return absl::StrCat(
      "received ", f.received_total, " (online ", f.received_online,
      ", direct/postal ", f.received_direct_postal, ", carried ",
      f.carried_over, ") resolved ", f.resolved_total, " (", f.resolved_early,
      "/", f.resolved_on_time, "/", f.resolved_late, ") in progress ",
      f.in_progress_total, " (within ", f.in_progress_within_time,
      ", overdue ", f.in_progress_overdue, ") awaiting ",
      f.awaiting_supplement, " withdrawn ", f.withdrawn, " not accepted ",
      f.not_accepted, " late+apology ", f.late_with_apology, " L3 ",
      f.received_online_level3, " L4 ", f.received_online_level4,
      " partial ", f.received_online_partial, " full ",
      f.received_online_full, " steps ", f.steps_early, "/", f.steps_on_time,
      "/", f.steps_late);
}

bool InScope(const core::Dossier& d, const Scope& s) {
  switch (s.kind) {
    case ScopeKind::kDeployment:
      return true;
    case ScopeKind::kProvince:
      return d.units.province == s.code;
    case ScopeKind::kDistrict:
      return d.units.district == s.code;
    case ScopeKind::kCommune:
      return d.units.commune == s.code;
    case ScopeKind::kAgency:
      return d.agency_code == s.code;
  }
  return false;
}

bool InDimension(const core::Dossier& d, Dimension dim,
                 const std::string& code) {
  return dim == Dimension::kTotal ||
         (dim == Dimension::kField && d.procedure.field_code == code) ||
         (dim == Dimension::kProcedure && d.procedure.code == code);
}

// Form 06 by the definitions of DOMAIN.md section 7, dossier by dossier,
// with as-of standing judged by core::ClassifyOpenDossier at the last
// instant of the as-of day. Deliberately simple and separate from the
// counters' interval arithmetic.
Form06 Recount(const std::vector<core::Dossier>& dossiers,
               const core::DomainRules& rules, const Scope& scope,
               Dimension dim, const std::string& code, absl::CivilDay from,
               absl::CivilDay to, absl::CivilDay as_of) {
  Form06 f;
  const absl::Time end_of_as_of =
      core::FromLocal(absl::CivilSecond(as_of + 1)) - absl::Microseconds(1);
  auto in = [&](absl::Time t) {
    const absl::CivilDay d = core::LocalDay(t);
    return from <= d && d <= to;
  };
  for (const core::Dossier& d : dossiers) {
    if (!InDimension(d, dim, code)) continue;
    const core::DossierTimeline& t = d.timeline;
    if (scope.kind == ScopeKind::kAgency) {
      for (const core::InterAgencyStep& s : t.steps) {
        if (s.agency_code != scope.code || !s.finished_at || !in(*s.finished_at))
          continue;
        if (*s.timeliness == core::Timeliness::kEarly) ++f.steps_early;
        if (*s.timeliness == core::Timeliness::kOnTime) ++f.steps_on_time;
        if (*s.timeliness == core::Timeliness::kLate) ++f.steps_late;
      }
    }
    if (!InScope(d, scope)) continue;
    if (t.status == DossierStatus::kNotAccepted && in(t.last_event_at)) {
      ++f.not_accepted;
    }
    if (!t.received_at) continue;
    const absl::CivilDay received = core::LocalDay(*t.received_at);
    if (in(*t.received_at)) {
      if (d.channel == core::Channel::kOnline) {
        ++f.received_online;
        if (d.procedure.online_level == 3) ++f.received_online_level3;
        if (d.procedure.online_level == 4) ++f.received_online_level4;
        if (d.procedure.online_class == core::OnlineClass::kPartial)
          ++f.received_online_partial;
        if (d.procedure.online_class == core::OnlineClass::kFull)
          ++f.received_online_full;
      } else {
        ++f.received_direct_postal;
      }
    }
    if (received < from &&
        (!t.finished_at || core::LocalDay(*t.finished_at) >= from)) {
      ++f.carried_over;
    }
    if (t.finished_at && in(*t.finished_at)) {
      ++f.resolved_total;
      if (*t.timeliness == core::Timeliness::kEarly) ++f.resolved_early;
      if (*t.timeliness == core::Timeliness::kOnTime) ++f.resolved_on_time;
      if (*t.timeliness == core::Timeliness::kLate) {
        ++f.resolved_late;
        if (t.apology_count > 0) ++f.late_with_apology;
      }
      if (t.status == DossierStatus::kWithdrawn) ++f.withdrawn;
    }
    const bool open_at_as_of =
        *t.received_at <= end_of_as_of &&
        (!t.finished_at || *t.finished_at > end_of_as_of);
    if (open_at_as_of) {
      ++f.in_progress_total;
      absl::StatusOr<core::OpenTimeliness> standing =
          core::ClassifyOpenDossier(rules, t, end_of_as_of);
      if (standing.ok() && *standing == core::OpenTimeliness::kOverdue) {
        ++f.in_progress_overdue;
      } else {
        ++f.in_progress_within_time;
      }
      for (const core::ClockPause& p : t.pauses) {
        if (p.kind == DossierStatus::kAwaitingSupplement &&
            p.started_at <= end_of_as_of &&
            (!p.ended_at || *p.ended_at > end_of_as_of)) {
          ++f.awaiting_supplement;
        }
      }
    }
  }
  f.received_total =
      f.received_online + f.received_direct_postal + f.carried_over;
  return f;
}

class StatisticsRecount
    : public ::testing::TestWithParam<std::tuple<Engine, core::Granularity>> {};

TEST_P(StatisticsRecount, CountersEqualABruteForceRecount) {
  TempDir dir;
  absl::StatusOr<std::unique_ptr<storage::Store>> opened =
      std::get<0>(GetParam()).open(dir.Sub("db"), nullptr);
  ASSERT_TRUE(opened.ok()) << opened.status();
  storage::Store& store = **opened;
  storage::Settings settings;
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
  for (const std::string& code : codes) dossiers.push_back(*store.GetDossier(code));

  std::vector<std::pair<Scope, std::vector<std::pair<Dimension, std::string>>>>
      choices;
  std::vector<Scope> scopes = {{ScopeKind::kDeployment, ""},
                               {ScopeKind::kProvince, "42"}};
  for (const char* d : {"436", "437"}) scopes.push_back({ScopeKind::kDistrict, d});
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
  int checked = 0, non_trivial = 0;
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
    const absl::CivilDay as_of = from + static_cast<int>(random() % (to - from + 1));
    auto sum = [&](absl::CivilDay a, absl::CivilDay b) {
      absl::StatusOr<core::CounterRow> row =
          store.SumCounters(scope, dim, code, a, b);
      EXPECT_TRUE(row.ok()) << row.status();
      return row.value_or(core::CounterRow());
    };
    const Form06 counted = core::ComputeForm06(
        sum(storage::kFirstCounterDay, from - 1), sum(from, to),
        sum(storage::kFirstCounterDay, as_of));
    const Form06 recounted =
        Recount(dossiers, settings.rules, scope, dim, code, from, to, as_of);
    ASSERT_EQ(Describe(counted), Describe(recounted))
        << "scope " << static_cast<int>(scope.kind) << ":" << scope.code
        << " dimension " << static_cast<int>(dim) << ":" << code << " "
        << from << ".." << to << " as of " << as_of;
    ++checked;
    if (recounted.received_total > 0 && recounted.in_progress_overdue > 0) {
      ++non_trivial;
    }
  }
  EXPECT_EQ(checked, 400);
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

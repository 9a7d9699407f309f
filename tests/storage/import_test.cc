// A history imported after the fact gives the same records and the same
// statistics as the same history applied live.
#include <random>

#include "core/dossier_history.h"
#include "core/form06.h"
#include "gtest/gtest.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using core::Dimension;
using core::Scope;
using core::ScopeKind;

// The history of a stored dossier, as an import file would carry it.
core::HistoricalDossier AsHistory(
    const core::Dossier& d, const std::vector<core::DossierEvent>& events) {
  core::HistoricalDossier h;
  const core::DossierEvent& first = events.front();
  h.created = {d.code,
               d.agency_code,
               d.channel,
               d.procedure,
               d.units,
               d.applicant,
               first.occurred_at,
               first.to == core::DossierStatus::kSubmitted};
  h.created_by = {first.principal, first.note};
  h.reception_procedure = d.procedure;
  h.reception_units = d.units;
  for (size_t i = 1; i < events.size(); ++i) {
    const core::DossierEvent& e = events[i];
    core::HistoricalEvent he;
    he.kind = e.kind;
    he.at = e.occurred_at;
    he.to = e.to;
    he.outcome = e.outcome;
    he.new_due_at = e.new_due_at;
    he.step_agency_code = e.step_agency_code;
    he.step_allotted = e.step_allotted;
    he.actor = {e.principal, e.note};
    h.events.push_back(std::move(he));
  }
  return h;
}

std::string Row(const core::CounterRow& r) {
  std::string out;
  for (int64_t v : r.values) out += std::to_string(v) + ",";
  return out;
}

TEST(HistoricalImport, ImportedHistoriesEqualTheSameHistoriesAppliedLive) {
  TempDir dir;
  auto live = *storage::OpenRocksDbStore(dir.Sub("live"));
  auto imported = *storage::OpenRocksDbStore(dir.Sub("imported"));
  // The same histories imported in batches of 97 (ImportDossiers).
  auto batched = *storage::OpenRocksDbStore(dir.Sub("batched"));
  const World world = SmallProvince();
  ASSERT_TRUE(LoadWorld(world, *live).ok());
  ASSERT_TRUE(LoadWorld(world, *imported).ok());
  ASSERT_TRUE(LoadWorld(world, *batched).ok());
  HistoryGenerator generator(world, ShippedCalendar(), core::DomainRules(), 77);
  std::vector<std::string> codes;
  for (int i = 0; i < 800; ++i) {
    absl::StatusOr<std::string> code = generator.PlayOne(*live);
    ASSERT_TRUE(code.ok()) << code.status();
    codes.push_back(*code);
  }
  std::vector<storage::ImportedHistory> batch;
  for (const std::string& code : codes) {
    const core::Dossier d = *live->GetDossier(code);
    const core::HistoricalDossier history =
        AsHistory(d, *live->GetHistory(code));
    absl::StatusOr<core::ReplayedHistory> replayed =
        core::ReplayHistory(ShippedCalendar(), core::DomainRules(), history);
    ASSERT_TRUE(replayed.ok()) << code << ": " << replayed.status();
    batch.push_back({replayed->dossier, replayed->events});
    if (batch.size() == 97 || code == codes.back()) {
      ASSERT_TRUE(batched->ImportDossiers(std::move(batch)).ok());
      batch.clear();
    }
    absl::StatusOr<storage::DossierWrite> w = imported->ImportDossier(
        code, {}, [&]() -> absl::StatusOr<storage::ImportedHistory> {
          return storage::ImportedHistory{replayed->dossier, replayed->events};
        });
    ASSERT_TRUE(w.ok()) << code << ": " << w.status();
    const core::Dossier& back = w->dossier;
    ASSERT_EQ(back.version, d.version) << code;
    ASSERT_EQ(back.timeline.status, d.timeline.status) << code;
    ASSERT_EQ(back.timeline.due_at, d.timeline.due_at) << code;
    ASSERT_EQ(back.timeline.finished_at, d.timeline.finished_at) << code;
    ASSERT_EQ(back.timeline.timeliness, d.timeline.timeliness) << code;
    ASSERT_EQ(back.timeline.steps.size(), d.timeline.steps.size()) << code;
  }
  // Every scope, dimension and year, and random day ranges, count the same.
  std::vector<Scope> scopes = {{ScopeKind::kDeployment, ""},
                               {ScopeKind::kProvince, "42"},
                               {ScopeKind::kDistrict, "436"},
                               {ScopeKind::kDistrict, "437"},
                               {ScopeKind::kCommune, "18352"}};
  for (const core::Agency& a : world.agencies) {
    scopes.push_back({ScopeKind::kAgency, a.code});
  }
  std::mt19937 random(3);
  int compared = 0;
  for (const Scope& scope : scopes) {
    for (Dimension dim :
         {Dimension::kTotal, Dimension::kField, Dimension::kProcedure}) {
      for (int q = 0; q < 6; ++q) {
        absl::CivilDay from = absl::CivilDay(2024, 1, 1) + random() % 760;
        absl::CivilDay to = from + random() % 200;
        if (q == 0) from = storage::kFirstCounterDay;
        auto live_rows = live->SumCountersByDimension(scope, dim, from, to);
        auto imported_rows =
            imported->SumCountersByDimension(scope, dim, from, to);
        auto batched_rows =
            batched->SumCountersByDimension(scope, dim, from, to);
        ASSERT_TRUE(live_rows.ok() && imported_rows.ok() && batched_rows.ok());
        ASSERT_EQ(live_rows->size(), imported_rows->size());
        ASSERT_EQ(live_rows->size(), batched_rows->size());
        for (const auto& [code, row] : *live_rows) {
          ASSERT_EQ(Row(row), Row(imported_rows->at(code)))
              << scope.code << " " << code << " " << from << ".." << to;
          ASSERT_EQ(Row(row), Row(batched_rows->at(code)))
              << scope.code << " " << code << " " << from << ".." << to;
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 500);
  EXPECT_TRUE(imported->Verify(false)->consistent());
  absl::StatusOr<storage::VerifyReport> batched_report = batched->Verify(false);
  ASSERT_TRUE(batched_report.ok());
  EXPECT_TRUE(batched_report->consistent());
  EXPECT_EQ(batched_report->dossiers_checked, 800);
}

TEST(HistoricalImport, ABadEventIsRefusedNamingItAndNothingIsStored) {
  TempDir dir;
  auto store = *storage::OpenRocksDbStore(dir.Sub("db"));
  const World world = SmallProvince();
  core::HistoricalDossier h;
  h.created = {"H29.18070-250303-0007",
               "H29.18070",
               core::Channel::kDirect,
               world.SnapshotOf(world.procedures[1]),
               world.PathOf("H29.18070", absl::CivilDay(2025, 3, 3)),
               {},
               Local(2025, 3, 3, 9, 0),
               false};
  core::HistoricalEvent processing;
  processing.at = Local(2025, 3, 3, 10, 0);
  processing.to = core::DossierStatus::kProcessing;
  core::HistoricalEvent returned = processing;
  returned.at = Local(2025, 3, 4, 10, 0);
  returned.to = core::DossierStatus::kReturned;
  h.events = {processing, returned};
  absl::StatusOr<core::ReplayedHistory> r =
      core::ReplayHistory(ShippedCalendar(), core::DomainRules(), h);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(r.status().message(),
            "event 2 (2025-03-04T03:00:00+00:00): illegal transition from "
            "PROCESSING (4) to RETURNED (10)");
  EXPECT_EQ(store->GetDossier("H29.18070-250303-0007").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace motcua::testing

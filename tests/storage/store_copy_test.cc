// CopyStore (storage/store_copy.h): a store of real histories copied from
// RocksDB to PostgreSQL and back holds the same settings, calendar, tokens,
// catalogue, dossiers, histories and counters; a second run changes
// nothing; an interrupted copy resumes; a target that is not a copy is
// refused.
#include "storage/store_copy.h"

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using core::Channel;
using core::Dimension;
using core::DossierStatus;
using core::Scope;
using core::ScopeKind;
using google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

constexpr int kGenerated = 400;

std::unique_ptr<storage::Store> OpenRocks(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<storage::Store>> s =
      storage::OpenRocksDbStore(dir);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *std::move(s) : nullptr;
}

std::unique_ptr<storage::Store> OpenPostgres(const std::string& dir) {
  absl::StatusOr<std::unique_ptr<storage::Store>> s =
      OpenPostgresTestStore(dir, nullptr);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? *std::move(s) : nullptr;
}

std::vector<storage::ImportedHistory> All(storage::Store& store) {
  std::vector<storage::ImportedHistory> out;
  EXPECT_TRUE(store
                  .ScanDossiers("",
                                [&](const storage::ImportedHistory& h) {
                                  out.push_back(h);
                                  return true;
                                })
                  .ok());
  return out;
}

template <typename T>
void ExpectSameRecords(const std::vector<T>& a, const std::vector<T>& b,
                       const std::string& what) {
  ASSERT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_TRUE(MessageDifferencer::Equals(storage::ToRecord(a[i]),
                                           storage::ToRecord(b[i])))
        << what << " #" << i << ":\n"
        << storage::ToRecord(a[i]).DebugString() << "\nvs\n"
        << storage::ToRecord(b[i]).DebugString();
  }
}

std::string Row(const core::CounterRow& r) {
  std::string out;
  for (int64_t v : r.values) out += std::to_string(v) + ",";
  return out;
}

// Everything a copy must carry over, compared.
void ExpectSameStore(storage::Store& a, storage::Store& b) {
  EXPECT_TRUE(MessageDifferencer::Equals(storage::ToRecord(*a.GetSettings()),
                                         storage::ToRecord(*b.GetSettings())));
  const std::vector<core::CalendarYear> years_a = *a.ListCalendarYears();
  const std::vector<core::CalendarYear> years_b = *b.ListCalendarYears();
  ASSERT_EQ(years_a.size(), years_b.size());
  for (size_t i = 0; i < years_a.size(); ++i) {
    EXPECT_EQ(core::FormatCalendarYear(years_a[i]),
              core::FormatCalendarYear(years_b[i]));
  }
  ExpectSameRecords(*a.ListTokens(), *b.ListTokens(), "tokens");
  ExpectSameRecords(*a.ListUnits(std::nullopt), *b.ListUnits(std::nullopt),
                    "units");
  ExpectSameRecords(*a.ListAgencies(std::nullopt),
                    *b.ListAgencies(std::nullopt), "agencies");
  ExpectSameRecords(*a.ListFields(), *b.ListFields(), "fields");
  ExpectSameRecords(*a.ListProcedures(std::nullopt),
                    *b.ListProcedures(std::nullopt), "procedures");

  const std::vector<storage::ImportedHistory> da = All(a);
  const std::vector<storage::ImportedHistory> db = All(b);
  ASSERT_EQ(da.size(), db.size());
  for (size_t i = 0; i < da.size(); ++i) {
    std::vector<core::Dossier> ra = {da[i].dossier}, rb = {db[i].dossier};
    ExpectSameRecords(ra, rb, da[i].dossier.code);
    ExpectSameRecords(da[i].events, db[i].events,
                      da[i].dossier.code + " history");
    // GetHistory agrees with the scan.
    ExpectSameRecords(*b.GetHistory(db[i].dossier.code), db[i].events,
                      db[i].dossier.code + " GetHistory");
  }

  const absl::CivilDay first(2024, 1, 1), last(2025, 12, 31);
  for (const Scope& scope :
       {Scope{ScopeKind::kDeployment, ""}, Scope{ScopeKind::kProvince, "42"},
        Scope{ScopeKind::kDistrict, "436"}, Scope{ScopeKind::kDistrict, "437"},
        Scope{ScopeKind::kAgency, "H29.18070"}}) {
    for (const auto& [f, l] :
         {std::pair{first, last},
          std::pair{absl::CivilDay(2025, 3, 1), absl::CivilDay(2025, 3, 31)},
          std::pair{absl::CivilDay(2024, 7, 15),
                    absl::CivilDay(2024, 7, 15)}}) {
      absl::StatusOr<core::CounterRow> ra =
          a.SumCounters(scope, Dimension::kTotal, "", f, l);
      absl::StatusOr<core::CounterRow> rb =
          b.SumCounters(scope, Dimension::kTotal, "", f, l);
      ASSERT_TRUE(ra.ok() && rb.ok());
      EXPECT_EQ(Row(*ra), Row(*rb)) << scope.code << " " << f << ".." << l;
    }
    absl::StatusOr<std::map<std::string, core::CounterRow>> fa =
        a.SumCountersByDimension(scope, Dimension::kField, first, last);
    absl::StatusOr<std::map<std::string, core::CounterRow>> fb =
        b.SumCountersByDimension(scope, Dimension::kField, first, last);
    ASSERT_TRUE(fa.ok() && fb.ok());
    ASSERT_EQ(fa->size(), fb->size()) << scope.code;
    for (const auto& [code, row] : *fa) {
      EXPECT_EQ(Row(row), Row((*fb)[code])) << scope.code << " " << code;
    }
  }
}

class StoreCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    source_ = OpenRocks(dir_.Sub("source"));
    ASSERT_NE(source_, nullptr);
    storage::Store& s = *source_;
    ASSERT_TRUE(LoadWorld(world_, s).ok());
    for (int year : {2024, 2025, 2026}) {
      ASSERT_TRUE(s.PutCalendarYear(ShippedYear(year)).ok());
    }
    core::Settings settings = *s.GetSettings();
    ASSERT_TRUE(s.PutSettings(settings).ok());
    storage::StoredToken desk{
        "tok-desk", "hash-desk",
        core::Principal{"desk-bac-ha", core::Role::kDesk, {"H29.18070"}, {}},
        Local(2025, 1, 2, 8, 0), std::nullopt};
    storage::StoredToken viewer{"tok-viewer", "hash-viewer",
                                core::Principal{"viewer-436",
                                                core::Role::kViewer,
                                                {},
                                                {ScopeKind::kDistrict, "436"}},
                                Local(2025, 1, 2, 8, 5), std::nullopt};
    ASSERT_TRUE(s.PutToken(desk).ok());
    ASSERT_TRUE(s.PutToken(viewer).ok());
    ASSERT_TRUE(s.RevokeToken("tok-viewer", Local(2025, 2, 1, 8, 0)).ok());

    // Random legal lives played through the store's writes (receptions,
    // online submissions, refusals, pauses, hand-offs, apologies, ...).
    HistoryGenerator generator(world_, ShippedCalendar(), core::DomainRules(),
                               2026);
    for (int i = 0; i < kGenerated; ++i) {
      absl::StatusOr<std::string> code = generator.PlayOne(s);
      ASSERT_TRUE(code.ok()) << code.status();
    }
    // And a few by hand: a hand-off finished, one still open.
    for (int i = 0; i < 3; ++i) {
      absl::StatusOr<storage::DossierWrite> w =
          Receive(s, world_, "H29.18070", "1.000894", Channel::kDirect,
                  Local(2025, 3, 3, 9, i));
      ASSERT_TRUE(w.ok()) << w.status();
      hand_made_.push_back(w->dossier.code);
      ASSERT_TRUE(Move(s, w->dossier.code, DossierStatus::kProcessing,
                       Local(2025, 3, 3, 9, 30))
                      .ok());
      ASSERT_TRUE(HandTo(s, w->dossier.code, "H29.10", Local(2025, 3, 3, 10, 0),
                         {2, core::TimeUnit::kWorkingDays})
                      .ok());
    }
    ASSERT_TRUE(FinishStep(s, hand_made_[0], Local(2025, 3, 4, 10, 0)).ok());
    ASSERT_TRUE(Move(s, hand_made_[0], DossierStatus::kResolved,
                     Local(2025, 3, 4, 11, 0), core::Outcome::kGranted)
                    .ok());
    dossiers_ = static_cast<int64_t>(All(s).size());
    ASSERT_GE(dossiers_, kGenerated + 3);
    ASSERT_TRUE(s.Verify(false)->consistent());
  }

  TempDir dir_;
  World world_ = SmallProvince();
  std::unique_ptr<storage::Store> source_;
  std::vector<std::string> hand_made_;
  int64_t dossiers_ = 0;
};

TEST_F(StoreCopy, RocksDbToPostgresAndBackKeepsEverything) {
  std::unique_ptr<storage::Store> pg = OpenPostgres(dir_.Sub("pg"));
  ASSERT_NE(pg, nullptr);
  storage::CopyOptions options;
  options.batch_size = 64;  // several batches, the last one partial
  int batches = 0;
  options.progress = [&](const storage::CopyProgress&) { ++batches; };
  absl::StatusOr<storage::CopyReport> there =
      storage::CopyStore(*source_, *pg, options);
  ASSERT_TRUE(there.ok()) << there.status();
  EXPECT_EQ(there->dossiers_copied, dossiers_);
  EXPECT_EQ(there->dossiers_skipped, 0);
  EXPECT_EQ(there->dossiers_only_in_target, 0);
  EXPECT_EQ(there->tokens_copied, 2);
  EXPECT_EQ(there->calendar_years, 3);
  EXPECT_GT(there->units, 0);
  EXPECT_EQ(batches, (dossiers_ + 63) / 64);
  EXPECT_TRUE(there->verify.consistent());
  EXPECT_EQ(there->verify.dossiers_checked, dossiers_);
  ExpectSameStore(*source_, *pg);

  std::unique_ptr<storage::Store> back = OpenRocks(dir_.Sub("back"));
  absl::StatusOr<storage::CopyReport> back_again =
      storage::CopyStore(*pg, *back);
  ASSERT_TRUE(back_again.ok()) << back_again.status();
  EXPECT_EQ(back_again->dossiers_copied, dossiers_);
  EXPECT_TRUE(back_again->verify.consistent());
  ExpectSameStore(*source_, *back);

  // The copies go on numbering where the source stopped.
  absl::StatusOr<storage::DossierWrite> next =
      Receive(*pg, world_, "H29.18070", "1.000894", Channel::kDirect,
              Local(2025, 3, 3, 16, 0));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_GT(next->dossier.code, hand_made_.back());
}

TEST_F(StoreCopy, ASecondRunChangesNothing) {
  std::unique_ptr<storage::Store> pg = OpenPostgres(dir_.Sub("pg"));
  ASSERT_TRUE(storage::CopyStore(*source_, *pg).ok());
  absl::StatusOr<storage::CopyReport> again = storage::CopyStore(*source_, *pg);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->dossiers_copied, 0);
  EXPECT_EQ(again->dossiers_skipped, dossiers_);
  EXPECT_EQ(again->tokens_copied, 0);
  EXPECT_EQ(again->tokens_skipped, 2);
  EXPECT_TRUE(again->verify.consistent());
  ExpectSameStore(*source_, *pg);  // counters not doubled
}

TEST_F(StoreCopy, AnInterruptedCopyResumesWhereItStopped) {
  std::unique_ptr<storage::Store> rocks = OpenRocks(dir_.Sub("target"));
  // A first run stopped after its first batches: some dossiers copied.
  std::vector<storage::ImportedHistory> all = All(*source_);
  all.resize(150);
  ASSERT_TRUE(rocks->RestoreDossiers(all).ok());
  absl::StatusOr<storage::CopyReport> report =
      storage::CopyStore(*source_, *rocks);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->dossiers_skipped, 150);
  EXPECT_EQ(report->dossiers_copied, dossiers_ - 150);
  EXPECT_TRUE(report->verify.consistent());
  ExpectSameStore(*source_, *rocks);
}

TEST_F(StoreCopy, ATargetThatIsNotACopyIsRefusedNamingTheDossier) {
  std::unique_ptr<storage::Store> pg = OpenPostgres(dir_.Sub("pg"));
  ASSERT_TRUE(storage::CopyStore(*source_, *pg).ok());
  // The copy moves on by itself: it is no longer a copy of the source.
  const std::string code = hand_made_[1];
  ASSERT_TRUE(FinishStep(*pg, code, Local(2025, 3, 4, 10, 0)).ok());
  absl::StatusOr<storage::CopyReport> again = storage::CopyStore(*source_, *pg);
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(again.status().message()), HasSubstr(code));

  // A token of the same id but another secret is refused too.
  std::unique_ptr<storage::Store> other = OpenRocks(dir_.Sub("other"));
  ASSERT_TRUE(other
                  ->PutToken({"tok-desk", "another-hash",
                              core::Principal{"x", core::Role::kAdmin, {}, {}},
                              Local(2025, 1, 1, 0, 0), std::nullopt})
                  .ok());
  absl::StatusOr<storage::CopyReport> refused =
      storage::CopyStore(*source_, *other);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(refused.status().message()), HasSubstr("tok-desk"));
}

}  // namespace
}  // namespace motcua::testing

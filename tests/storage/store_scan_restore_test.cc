// Storage contract: ScanDossiers (every dossier in code order, with its
// history, from one snapshot) and RestoreDossiers (histories stored exactly
// as given), on every engine.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/dossier_changes.h"
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
using ::testing::HasSubstr;

class StoreScanRestore : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    store_ = Open("db");
    ASSERT_NE(store_, nullptr);
    ASSERT_TRUE(LoadWorld(world_, *store_).ok());
  }
  std::unique_ptr<storage::Store> Open(const std::string& name) {
    absl::StatusOr<std::unique_ptr<storage::Store>> s =
        GetParam().open(dir_.Sub(name), [this] { return now_; });
    EXPECT_TRUE(s.ok()) << s.status();
    return s.ok() ? *std::move(s) : nullptr;
  }
  std::string ReceiveAt(const std::string& agency, absl::Time at) {
    now_ = at;
    absl::StatusOr<storage::DossierWrite> w =
        Receive(*store_, world_, agency, "1.000894", Channel::kDirect, at);
    EXPECT_TRUE(w.ok()) << w.status();
    return w.ok() ? w->dossier.code : "";
  }
  // An online submission at Bắc Hà, not yet received (SUBMITTED).
  std::string Submit(absl::Time at) {
    now_ = at;
    absl::StatusOr<storage::DossierWrite> w = store_->CreateDossier(
        "H29.18070", absl::CivilDay(2025, 3, 3), {},
        [&](const std::string& code) {
          core::NewDossier n;
          n.code = code;
          n.agency_code = "H29.18070";
          n.channel = Channel::kOnline;
          n.procedure = world_.SnapshotOf(world_.procedures[1]);
          n.units = world_.PathOf("H29.18070", absl::CivilDay(2025, 3, 3));
          n.at = at;
          n.submitted_only = true;
          return core::CreateDossierChange(ShippedCalendar(), n,
                                           {"citizen", ""});
        });
    EXPECT_TRUE(w.ok()) << w.status();
    return w.ok() ? w->dossier.code : "";
  }
  // Every dossier ScanDossiers visits after `after` (at most `limit`).
  std::vector<storage::ImportedHistory> Scan(storage::Store& store,
                                             const std::string& after = "",
                                             size_t limit = 1000000) {
    std::vector<storage::ImportedHistory> out;
    const absl::Status s =
        store.ScanDossiers(after, [&](const storage::ImportedHistory& h) {
          out.push_back(h);
          return out.size() < limit;
        });
    EXPECT_TRUE(s.ok()) << s;
    return out;
  }
  static std::vector<std::string> Codes(
      const std::vector<storage::ImportedHistory>& histories) {
    std::vector<std::string> codes;
    for (const auto& h : histories) codes.push_back(h.dossier.code);
    return codes;
  }
  // A store of this engine with a few real histories: received, moved,
  // handed to another agency and back, submitted online, not accepted.
  std::vector<std::string> FillWithHistories() {
    const std::string a = ReceiveAt("H29.436", Local(2025, 3, 3, 9, 0));
    const std::string b = ReceiveAt("H29.18070", Local(2025, 3, 4, 9, 0));
    const std::string c = ReceiveAt("H29.18070", Local(2025, 3, 3, 10, 0));
    const std::string d = Submit(Local(2025, 3, 3, 11, 0));
    const std::string e = Submit(Local(2025, 3, 3, 12, 0));
    now_ = Local(2025, 3, 5, 9, 0);
    EXPECT_TRUE(Move(*store_, a, DossierStatus::kProcessing, now_).ok());
    EXPECT_TRUE(HandTo(*store_, a, "H29.18070", now_ + absl::Hours(1),
                       core::ProcessingTime{2, core::TimeUnit::kWorkingDays})
                    .ok());
    now_ = Local(2025, 3, 6, 9, 0);
    EXPECT_TRUE(FinishStep(*store_, a, now_).ok());
    EXPECT_TRUE(Move(*store_, a, DossierStatus::kResolved, now_,
                     core::Outcome::kGranted)
                    .ok());
    EXPECT_TRUE(Move(*store_, e, DossierStatus::kNotAccepted, now_).ok());
    return {a, b, c, d, e};
  }
  int64_t Count(storage::Store& store, const core::Scope& scope, Metric m) {
    absl::StatusOr<core::CounterRow> row = store.SumCounters(
        scope, core::Dimension::kTotal, "", absl::CivilDay(2025, 1, 1),
        absl::CivilDay(2025, 12, 31));
    EXPECT_TRUE(row.ok()) << row.status();
    return row.ok() ? (*row)[m] : -1;
  }

  TempDir dir_;
  absl::Time now_ = Local(2025, 3, 3, 9, 0);
  World world_ = SmallProvince();
  std::unique_ptr<storage::Store> store_;
};

// Events compared on what a copy must keep.
void ExpectSameHistory(const std::vector<core::DossierEvent>& a,
                       const std::vector<core::DossierEvent>& b,
                       const std::string& code) {
  ASSERT_EQ(a.size(), b.size()) << code;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].sequence, b[i].sequence) << code;
    EXPECT_EQ(a[i].recorded_at, b[i].recorded_at) << code;
    EXPECT_EQ(a[i].occurred_at, b[i].occurred_at) << code;
    EXPECT_EQ(a[i].kind, b[i].kind) << code;
    EXPECT_EQ(a[i].to, b[i].to) << code;
    EXPECT_EQ(a[i].principal, b[i].principal) << code;
  }
}

TEST_P(StoreScanRestore, ScanVisitsEveryDossierInCodeOrderWithItsHistory) {
  std::vector<std::string> codes = FillWithHistories();
  std::sort(codes.begin(), codes.end());
  const std::vector<storage::ImportedHistory> scanned = Scan(*store_);
  EXPECT_EQ(Codes(scanned), codes);
  bool saw_submitted = false, saw_not_accepted = false;
  for (const storage::ImportedHistory& h : scanned) {
    const core::Dossier stored = *store_->GetDossier(h.dossier.code);
    EXPECT_EQ(h.dossier.version, stored.version);
    EXPECT_EQ(h.dossier.timeline.status, stored.timeline.status);
    EXPECT_EQ(static_cast<int64_t>(h.events.size()), h.dossier.version);
    ExpectSameHistory(h.events, *store_->GetHistory(h.dossier.code),
                      h.dossier.code);
    saw_submitted |= h.dossier.timeline.status == DossierStatus::kSubmitted;
    saw_not_accepted |=
        h.dossier.timeline.status == DossierStatus::kNotAccepted;
  }
  EXPECT_TRUE(saw_submitted);
  EXPECT_TRUE(saw_not_accepted);
  EXPECT_EQ(scanned[0].dossier.code, "H29.18070-250303-0001");
  EXPECT_GE(scanned[0].events.size(), 1u);
}

TEST_P(StoreScanRestore, ScanResumesAfterACodeAndStopsWhenAsked) {
  std::vector<std::string> codes = FillWithHistories();
  std::sort(codes.begin(), codes.end());
  EXPECT_EQ(Codes(Scan(*store_, "", 2)),
            std::vector<std::string>(codes.begin(), codes.begin() + 2));
  EXPECT_EQ(Codes(Scan(*store_, codes[1])),
            std::vector<std::string>(codes.begin() + 2, codes.end()));
  // A code that is not stored: from the next one on.
  EXPECT_EQ(Codes(Scan(*store_, "H29.18070-250303-0001x")),
            std::vector<std::string>(codes.begin() + 1, codes.end()));
  EXPECT_TRUE(Scan(*store_, codes.back()).empty());
  std::unique_ptr<storage::Store> empty = Open("empty");
  EXPECT_TRUE(Scan(*empty).empty());
}

TEST_P(StoreScanRestore, ScanReadsOneSnapshot) {
  std::vector<std::string> codes = FillWithHistories();
  std::sort(codes.begin(), codes.end());
  const std::string received = "H29.18070-250304-0001";
  const int64_t version = store_->GetDossier(received)->version;
  std::vector<storage::ImportedHistory> seen;
  ASSERT_TRUE(
      store_
          ->ScanDossiers("",
                         [&](const storage::ImportedHistory& h) {
                           if (seen.empty()) {
                             // Written after the scan began.
                             EXPECT_TRUE(Move(*store_, received,
                                              DossierStatus::kProcessing, now_)
                                             .ok());
                             ReceiveAt("H29.437", Local(2025, 3, 7, 9, 0));
                           }
                           seen.push_back(h);
                           return true;
                         })
          .ok());
  EXPECT_EQ(Codes(seen), codes);
  ASSERT_EQ(seen[3].dossier.code, received);
  EXPECT_EQ(seen[3].dossier.version, version);
  EXPECT_EQ(static_cast<int64_t>(seen[3].events.size()), version);
  EXPECT_EQ(store_->GetDossier(received)->version, version + 1);
  EXPECT_EQ(Scan(*store_).size(), codes.size() + 1);
}

TEST_P(StoreScanRestore, RestoreKeepsVersionsSequencesAndInstants) {
  const std::vector<std::string> codes = FillWithHistories();
  const std::vector<storage::ImportedHistory> source = Scan(*store_);
  now_ = Local(2026, 1, 1, 0, 0);  // the restore's own clock, not kept
  std::unique_ptr<storage::Store> copy = Open("copy");
  ASSERT_TRUE(LoadWorld(world_, *copy).ok());
  ASSERT_TRUE(copy->RestoreDossiers(source).ok());
  const std::vector<storage::ImportedHistory> restored = Scan(*copy);
  ASSERT_EQ(Codes(restored), Codes(source));
  for (size_t i = 0; i < source.size(); ++i) {
    EXPECT_EQ(restored[i].dossier.version, source[i].dossier.version);
    EXPECT_EQ(restored[i].dossier.timeline.status,
              source[i].dossier.timeline.status);
    EXPECT_EQ(restored[i].dossier.timeline.due_at,
              source[i].dossier.timeline.due_at);
    ExpectSameHistory(restored[i].events, source[i].events,
                      source[i].dossier.code);
  }
  for (const core::Scope& scope :
       {core::Scope{ScopeKind::kProvince, "42"},
        core::Scope{ScopeKind::kDistrict, "436"},
        core::Scope{ScopeKind::kAgency, "H29.18070"}}) {
    for (Metric m : {Metric::kReceivedDirect, Metric::kFinishedOnTime,
                     Metric::kNotAccepted}) {
      EXPECT_EQ(Count(*copy, scope, m), Count(*store_, scope, m))
          << scope.code << " " << static_cast<int>(m);
    }
  }
  absl::StatusOr<storage::VerifyReport> verify = copy->Verify(false);
  ASSERT_TRUE(verify.ok()) << verify.status();
  EXPECT_TRUE(verify->consistent());
  // The sequences were raised past the restored codes.
  absl::StatusOr<storage::DossierWrite> next =
      Receive(*copy, world_, "H29.18070", "1.000894", Channel::kDirect,
              Local(2025, 3, 3, 15, 0));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(next->dossier.code, "H29.18070-250303-0004");
}

TEST_P(StoreScanRestore, RestoreWithATakenCodeWritesNothing) {
  FillWithHistories();
  const std::vector<storage::ImportedHistory> source = Scan(*store_);
  std::unique_ptr<storage::Store> copy = Open("copy");
  ASSERT_TRUE(copy->RestoreDossiers({source[1]}).ok());
  const absl::Status s = copy->RestoreDossiers({source[0], source[1]});
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(s.message()), HasSubstr(source[1].dossier.code));
  EXPECT_TRUE(
      absl::IsNotFound(copy->GetDossier(source[0].dossier.code).status()));
  EXPECT_EQ(Scan(*copy).size(), 1u);
  EXPECT_TRUE(copy->Verify(false)->consistent());
}

TEST_P(StoreScanRestore, RestoreRefusesHistoriesNotNumberedOneToVersion) {
  FillWithHistories();
  std::vector<storage::ImportedHistory> source = Scan(*store_);
  std::unique_ptr<storage::Store> copy = Open("copy");
  const auto refused = [&](storage::ImportedHistory bad) {
    const absl::Status s = copy->RestoreDossiers({source[0], bad});
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_THAT(std::string(s.message()), HasSubstr(bad.dossier.code));
    EXPECT_TRUE(Scan(*copy).empty());
  };
  storage::ImportedHistory h;
  for (const auto& s : source) {
    if (s.events.size() > 1) h = s;
  }
  ASSERT_GT(h.events.size(), 1u);
  storage::ImportedHistory wrong_version = h;
  ++wrong_version.dossier.version;
  refused(wrong_version);
  storage::ImportedHistory gap = h;
  gap.events[1].sequence = 3;
  refused(gap);
  storage::ImportedHistory swapped = h;
  std::swap(swapped.events[0], swapped.events[1]);
  refused(swapped);
  storage::ImportedHistory none = h;
  none.events.clear();
  none.dossier.version = 0;
  refused(none);
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreScanRestore,
                         ::testing::ValuesIn(Engines()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace motcua::testing

// Storage contract: dossier writes, idempotency, sequences, listings and
// counters (every engine).
#include <set>
#include <thread>

#include "core/dossier_changes.h"
#include "core/local_time.h"
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
using core::Scope;
using core::ScopeKind;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class StoreDossiers : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    Reopen();
    ASSERT_TRUE(LoadWorld(world_, *store_).ok());
  }
  void Reopen() {
    store_.reset();
    absl::StatusOr<std::unique_ptr<storage::Store>> s =
        GetParam().open(dir_.Sub("db"), [this] { return now_; });
    ASSERT_TRUE(s.ok()) << s.status();
    store_ = *std::move(s);
  }
  // Received Mon 3 Mar 2025 09:00 at Bắc Hà (commune 18070, district 436):
  // marriage registration, 5 working days, due Mon 10 Mar.
  storage::DossierWrite ReceiveMarriage(const std::string& request_id = "") {
    absl::StatusOr<storage::DossierWrite> w =
        Receive(*store_, world_, "H29.18070", "1.000894", Channel::kDirect,
                Local(2025, 3, 3, 9, 0), request_id);
    EXPECT_TRUE(w.ok()) << w.status();
    return w.value_or(storage::DossierWrite());
  }
  // A marriage registration received by post at Bắc Hà on Mon 3 Mar 2025
  // 08:00, under its original `code`.
  storage::ImportedHistory PostalMarriage(const std::string& code) {
    core::NewDossier n;
    n.code = code;
    n.agency_code = "H29.18070";
    n.channel = Channel::kPostal;
    n.procedure = world_.SnapshotOf(world_.procedures[1]);
    n.units = world_.PathOf("H29.18070", absl::CivilDay(2025, 3, 3));
    n.at = Local(2025, 3, 3, 8, 0);
    absl::StatusOr<core::DossierChange> c =
        core::CreateDossierChange(ShippedCalendar(), n, {"import", ""});
    EXPECT_TRUE(c.ok()) << c.status();
    return storage::ImportedHistory{c->dossier, {c->event}};
  }
  absl::StatusOr<storage::DossierWrite> Import(const std::string& code) {
    return store_->ImportDossier(
        code, {}, [&]() -> absl::StatusOr<storage::ImportedHistory> {
          return PostalMarriage(code);
        });
  }
  int64_t Count(const Scope& scope, Metric m, absl::CivilDay first,
                absl::CivilDay last) {
    absl::StatusOr<core::CounterRow> row =
        store_->SumCounters(scope, core::Dimension::kTotal, "", first, last);
    EXPECT_TRUE(row.ok()) << row.status();
    return row.ok() ? (*row)[m] : -1;
  }

  TempDir dir_;
  absl::Time now_ = Local(2025, 3, 3, 9, 0);
  World world_ = SmallProvince();
  std::unique_ptr<storage::Store> store_;
};

TEST_P(StoreDossiers, CodesAreSequentialPerAgencyAndDay) {
  EXPECT_EQ(ReceiveMarriage().dossier.code, "H29.18070-250303-0001");
  EXPECT_EQ(ReceiveMarriage().dossier.code, "H29.18070-250303-0002");
  EXPECT_EQ(Receive(*store_, world_, "H29.436", "1.009994", Channel::kDirect,
                    Local(2025, 3, 3, 10, 0))
                ->dossier.code,
            "H29.436-250303-0001");
  EXPECT_EQ(Receive(*store_, world_, "H29.18070", "1.000894", Channel::kDirect,
                    Local(2025, 3, 4, 10, 0))
                ->dossier.code,
            "H29.18070-250304-0001");
}

TEST_P(StoreDossiers, CodeIsDatedByLocalDayNotUtc) {
  // 06:30 local on 4 Mar is 23:30 UTC on 3 Mar.
  EXPECT_EQ(Receive(*store_, world_, "H29.18070", "1.000894", Channel::kDirect,
                    Local(2025, 3, 4, 6, 30))
                ->dossier.code,
            "H29.18070-250304-0001");
}

TEST_P(StoreDossiers, SequenceSurvivesReopen) {
  ReceiveMarriage();
  Reopen();
  EXPECT_EQ(ReceiveMarriage().dossier.code, "H29.18070-250303-0002");
}

TEST_P(StoreDossiers, RefusedCreationDoesNotUseANumber) {
  absl::StatusOr<storage::DossierWrite> refused = store_->CreateDossier(
      "H29.18070", absl::CivilDay(2025, 3, 3), {},
      [](const std::string&) -> absl::StatusOr<core::DossierChange> {
        return absl::InvalidArgumentError("channel must be set");
      });
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReceiveMarriage().dossier.code, "H29.18070-250303-0001");
}

TEST_P(StoreDossiers, RecordAndFirstEventAreStored) {
  const storage::DossierWrite w = ReceiveMarriage();
  EXPECT_EQ(w.dossier.version, 1);
  EXPECT_FALSE(w.replayed);
  absl::StatusOr<core::Dossier> d = store_->GetDossier(w.dossier.code);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->timeline.status, DossierStatus::kReceived);
  EXPECT_EQ(LocalString(*d->timeline.due_at),
            LocalString(Local(2025, 3, 10, 9, 0)));
  EXPECT_EQ(d->units.district, "436");
  EXPECT_EQ(d->units.commune, "18070");
  EXPECT_EQ(d->applicant.id_number, "042190005678");
  absl::StatusOr<std::vector<core::DossierEvent>> h =
      store_->GetHistory(w.dossier.code);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 1u);
  EXPECT_EQ((*h)[0].sequence, 1);
  EXPECT_EQ((*h)[0].kind, core::EventKind::kCreated);
  EXPECT_EQ((*h)[0].to, DossierStatus::kReceived);
  EXPECT_EQ((*h)[0].principal, "desk-1");
  EXPECT_EQ((*h)[0].recorded_at, now_);
}

TEST_P(StoreDossiers, HistoryIsAppendOnlyInOrder) {
  const std::string code = ReceiveMarriage().dossier.code;
  ASSERT_TRUE(
      Move(*store_, code, DossierStatus::kProcessing, Local(2025, 3, 3, 10, 0))
          .ok());
  ASSERT_TRUE(Move(*store_, code, DossierStatus::kResolved,
                   Local(2025, 3, 6, 10, 0), core::Outcome::kGranted)
                  .ok());
  absl::StatusOr<std::vector<core::DossierEvent>> h = store_->GetHistory(code);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[1].from, DossierStatus::kReceived);
  EXPECT_EQ((*h)[1].to, DossierStatus::kProcessing);
  EXPECT_EQ((*h)[2].to, DossierStatus::kResolved);
  EXPECT_EQ((*h)[2].outcome, core::Outcome::kGranted);
  EXPECT_EQ((*h)[2].sequence, 3);
  EXPECT_EQ(store_->GetDossier(code)->version, 3);
}

TEST_P(StoreDossiers, IllegalTransitionLeavesTheStoreUntouched) {
  const std::string code = ReceiveMarriage().dossier.code;
  const absl::CivilDay day(2025, 3, 3);
  const Scope district{ScopeKind::kDistrict, "436"};
  const core::CounterRow before_counters =
      *store_->SumCounters(district, core::Dimension::kTotal, "", day, day);
  absl::StatusOr<storage::DossierWrite> w =
      Move(*store_, code, DossierStatus::kReturned, Local(2025, 3, 4, 9, 0));
  EXPECT_EQ(w.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(w.status().message(),
            "illegal transition from RECEIVED (2) to RETURNED (10)");
  EXPECT_EQ(store_->GetDossier(code)->version, 1);
  EXPECT_EQ(store_->GetDossier(code)->timeline.status,
            DossierStatus::kReceived);
  EXPECT_EQ(store_->GetHistory(code)->size(), 1u);
  EXPECT_EQ(
      *store_->SumCounters(district, core::Dimension::kTotal, "", day, day),
      before_counters);
  EXPECT_TRUE(store_->Verify(false)->consistent());
}

TEST_P(StoreDossiers, UnknownDossierIsNotFound) {
  EXPECT_EQ(Move(*store_, "H29.18070-250303-0042", DossierStatus::kProcessing,
                 Local(2025, 3, 4, 9, 0))
                .status()
                .code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store_->GetHistory("H29.18070-250303-0042").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_P(StoreDossiers, RetriedCreationReturnsTheFirstResultAndWritesNothing) {
  const storage::DossierWrite first = ReceiveMarriage("req-1");
  const storage::DossierWrite retry = ReceiveMarriage("req-1");
  EXPECT_TRUE(retry.replayed);
  EXPECT_EQ(retry.dossier.code, first.dossier.code);
  EXPECT_EQ(retry.event.sequence, 1);
  EXPECT_EQ(ReceiveMarriage().dossier.code, "H29.18070-250303-0002");
  EXPECT_EQ(Count({ScopeKind::kAgency, "H29.18070"}, Metric::kReceivedDirect,
                  absl::CivilDay(2025, 3, 3), absl::CivilDay(2025, 3, 3)),
            2);
}

// Instants are stored to the microsecond: a write answers with the dossier
// and event as stored, so its answer, a later read and a retry's replay
// are one and the same.
TEST_P(StoreDossiers, AWriteAnswersWhatItStoredToTheMicrosecond) {
  now_ = Local(2025, 3, 3, 9, 0) + absl::Nanoseconds(1234567);
  absl::StatusOr<storage::DossierWrite> first =
      Receive(*store_, world_, "H29.18070", "1.000894", Channel::kDirect,
              Local(2025, 3, 3, 9, 0) + absl::Nanoseconds(7654321), "req-us");
  ASSERT_TRUE(first.ok()) << first.status();
  const absl::Time received =
      Local(2025, 3, 3, 9, 0) + absl::Microseconds(7654);
  EXPECT_EQ(first->dossier.timeline.received_at, received);
  EXPECT_EQ(first->event.occurred_at, received);
  EXPECT_EQ(first->event.recorded_at,
            Local(2025, 3, 3, 9, 0) + absl::Microseconds(1234));
  absl::StatusOr<core::Dossier> read = store_->GetDossier(first->dossier.code);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->timeline.received_at, received);
  EXPECT_EQ(read->timeline.last_event_at,
            first->dossier.timeline.last_event_at);
  absl::StatusOr<storage::DossierWrite> retry =
      Receive(*store_, world_, "H29.18070", "1.000894", Channel::kDirect,
              Local(2025, 3, 3, 9, 0) + absl::Nanoseconds(7654321), "req-us");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->dossier.timeline.received_at, received);
  EXPECT_EQ(retry->event.recorded_at, first->event.recorded_at);
}

TEST_P(StoreDossiers, RetriedTransitionIsAppliedOnce) {
  const std::string code = ReceiveMarriage().dossier.code;
  ASSERT_TRUE(Move(*store_, code, DossierStatus::kProcessing,
                   Local(2025, 3, 3, 10, 0), core::Outcome::kUnspecified,
                   "req-2")
                  .ok());
  absl::StatusOr<storage::DossierWrite> retry =
      Move(*store_, code, DossierStatus::kProcessing, Local(2025, 3, 3, 10, 0),
           core::Outcome::kUnspecified, "req-2");
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_TRUE(retry->replayed);
  EXPECT_EQ(retry->dossier.version, 2);
  EXPECT_EQ(store_->GetHistory(code)->size(), 2u);
}

TEST_P(StoreDossiers, RetryAnswersWithTheFirstResultAfterLaterChanges) {
  const std::string code = ReceiveMarriage().dossier.code;
  ASSERT_TRUE(Move(*store_, code, DossierStatus::kProcessing,
                   Local(2025, 3, 3, 10, 0), core::Outcome::kUnspecified,
                   "req-3")
                  .ok());
  ASSERT_TRUE(Move(*store_, code, DossierStatus::kAwaitingSupplement,
                   Local(2025, 3, 4, 10, 0))
                  .ok());
  absl::StatusOr<storage::DossierWrite> retry =
      Move(*store_, code, DossierStatus::kProcessing, Local(2025, 3, 3, 10, 0),
           core::Outcome::kUnspecified, "req-3");
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry->dossier.timeline.status, DossierStatus::kProcessing);
  EXPECT_EQ(retry->event.to, DossierStatus::kProcessing);
}

TEST_P(StoreDossiers, FindAppliedRequestAnswersWhatARetryWouldGet) {
  EXPECT_EQ(store_->FindAppliedRequest({"req-f", "req-f"})->has_value(), false);
  EXPECT_EQ(store_->FindAppliedRequest({"", ""})->has_value(), false);
  const std::string code = ReceiveMarriage("req-f").dossier.code;
  ASSERT_TRUE(
      Move(*store_, code, DossierStatus::kProcessing, Local(2025, 3, 3, 10, 0))
          .ok());
  absl::StatusOr<std::optional<storage::DossierWrite>> found =
      store_->FindAppliedRequest({"req-f", "req-f"});
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  EXPECT_TRUE((*found)->replayed);
  EXPECT_EQ((*found)->dossier.code, code);
  EXPECT_EQ((*found)->dossier.version, 1);  // as the first write left it
  EXPECT_EQ((*found)->event.sequence, 1);
  EXPECT_EQ(store_->FindAppliedRequest({"req-f", "another fingerprint"})
                .status()
                .code(),
            absl::StatusCode::kAlreadyExists);
}

// Two callers with one request id both look it up and find it not applied,
// then write one after the other: the second gets the first's result. The
// check under the id's lock must see the first write, even where the store
// spares itself that read after a look-up.
TEST_P(StoreDossiers, AWriteAfterALookUpStillSeesAnEarlierWriteOfItsId) {
  ASSERT_FALSE(store_->FindAppliedRequest({"req-c", "req-c"})->has_value());
  ASSERT_FALSE(store_->FindAppliedRequest({"req-c", "req-c"})->has_value());
  const storage::DossierWrite first = ReceiveMarriage("req-c");
  EXPECT_FALSE(first.replayed);
  const storage::DossierWrite second = ReceiveMarriage("req-c");
  EXPECT_TRUE(second.replayed);
  EXPECT_EQ(second.dossier.code, first.dossier.code);
  EXPECT_EQ(Count({ScopeKind::kAgency, "H29.18070"}, Metric::kReceivedDirect,
                  absl::CivilDay(2025, 3, 3), absl::CivilDay(2025, 3, 3)),
            1);

  ASSERT_FALSE(store_->FindAppliedRequest({"req-m", "req-m"})->has_value());
  ASSERT_FALSE(store_->FindAppliedRequest({"req-m", "req-m"})->has_value());
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<storage::DossierWrite> move =
        Move(*store_, first.dossier.code, DossierStatus::kProcessing,
             Local(2025, 3, 3, 10, 0), core::Outcome::kUnspecified, "req-m");
    ASSERT_TRUE(move.ok()) << move.status();
    EXPECT_EQ(move->replayed, i == 1);
    EXPECT_EQ(move->dossier.version, 2);
  }
  EXPECT_EQ(store_->GetHistory(first.dossier.code)->size(), 2u);
}

TEST_P(StoreDossiers, RequestIdReusedForAnotherRequestIsRefused) {
  ReceiveMarriage("req-4");
  absl::StatusOr<storage::DossierWrite> other = store_->UpdateDossier(
      "H29.18070-250303-0001", {"req-4", "another fingerprint"},
      [](const core::Dossier&) -> absl::StatusOr<core::DossierChange> {
        return absl::InternalError("must not be called");
      });
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(other.status().message()), HasSubstr("req-4"));
}

TEST_P(StoreDossiers, RequestIdsAreForgottenAfterTheRetention) {
  ReceiveMarriage("req-5");
  now_ += absl::Hours(24 * 7) + absl::Minutes(1);
  const storage::DossierWrite again = ReceiveMarriage("req-5");
  EXPECT_FALSE(again.replayed);
  EXPECT_EQ(again.dossier.code, "H29.18070-250303-0002");
}

TEST_P(StoreDossiers, OverlongRequestIdIsInvalid) {
  absl::StatusOr<storage::DossierWrite> w =
      Receive(*store_, world_, "H29.18070", "1.000894", Channel::kDirect,
              Local(2025, 3, 3, 9, 0), std::string(129, 'x'));
  EXPECT_EQ(w.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(StoreDossiers, ImportKeepsTheCodeAndRaisesTheSequence) {
  const std::string code = "H29.18070-250303-0041";
  absl::StatusOr<storage::DossierWrite> imported = Import(code);
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(ReceiveMarriage().dossier.code, "H29.18070-250303-0042");
  absl::StatusOr<storage::DossierWrite> again = store_->ImportDossier(
      code, {}, []() -> absl::StatusOr<storage::ImportedHistory> {
        return absl::InternalError("must not be called");
      });
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
}

TEST_P(StoreDossiers, BatchImportStoresEveryDossierAndSumsTheirCounters) {
  ASSERT_TRUE(store_
                  ->ImportDossiers({PostalMarriage("H29.18070-250303-0007"),
                                    PostalMarriage("H29.18070-250303-0003")})
                  .ok());
  EXPECT_EQ(store_->GetDossier("H29.18070-250303-0003")->version, 1);
  EXPECT_EQ(store_->GetHistory("H29.18070-250303-0007")->size(), 1u);
  const absl::CivilDay day(2025, 3, 3);
  EXPECT_EQ(
      Count({ScopeKind::kDistrict, "436"}, Metric::kReceivedPostal, day, day),
      2);
  EXPECT_EQ(ReceiveMarriage().dossier.code, "H29.18070-250303-0008");
  EXPECT_TRUE(store_->Verify(false)->consistent());
}

TEST_P(StoreDossiers, BatchImportWithATakenCodeWritesNothing) {
  ASSERT_TRUE(Import("H29.18070-250303-0002").ok());
  const absl::Status s =
      store_->ImportDossiers({PostalMarriage("H29.18070-250303-0001"),
                              PostalMarriage("H29.18070-250303-0002")});
  EXPECT_EQ(s.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(s.message()), HasSubstr("H29.18070-250303-0002"));
  EXPECT_TRUE(
      absl::IsNotFound(store_->GetDossier("H29.18070-250303-0001").status()));
  EXPECT_EQ(Count({ScopeKind::kAgency, "H29.18070"}, Metric::kReceivedPostal,
                  absl::CivilDay(2025, 3, 3), absl::CivilDay(2025, 3, 3)),
            1);
}

TEST_P(StoreDossiers, BatchImportWithARepeatedCodeIsInvalid) {
  const absl::Status s =
      store_->ImportDossiers({PostalMarriage("H29.18070-250303-0005"),
                              PostalMarriage("H29.18070-250303-0005")});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      absl::IsNotFound(store_->GetDossier("H29.18070-250303-0005").status()));
}

TEST_P(StoreDossiers, TheTenThousandthDossierOfADayIsRefused) {
  ASSERT_TRUE(Import("H29.18070-250303-9999").ok());
  absl::StatusOr<storage::DossierWrite> w =
      Receive(*store_, world_, "H29.18070", "1.000894", Channel::kDirect,
              Local(2025, 3, 3, 9, 0));
  EXPECT_EQ(w.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST_P(StoreDossiers, ReceptionCountsInEveryScopeOfTheDossier) {
  ReceiveMarriage();
  const absl::CivilDay day(2025, 3, 3);
  for (const Scope& scope :
       {Scope{ScopeKind::kDeployment, ""}, Scope{ScopeKind::kProvince, "42"},
        Scope{ScopeKind::kDistrict, "436"}, Scope{ScopeKind::kCommune, "18070"},
        Scope{ScopeKind::kAgency, "H29.18070"}}) {
    EXPECT_EQ(Count(scope, Metric::kReceivedDirect, day, day), 1) << scope.code;
    EXPECT_EQ(Count(scope, Metric::kReceivedDirect, absl::CivilDay(2025, 1, 1),
                    absl::CivilDay(2025, 12, 31)),
              1)
        << scope.code;
  }
  EXPECT_EQ(
      Count({ScopeKind::kDistrict, "437"}, Metric::kReceivedDirect, day, day),
      0);
  EXPECT_EQ(Count({ScopeKind::kAgency, "H29.18070"}, Metric::kReceivedDirect,
                  day + 1, day + 1),
            0);
  absl::StatusOr<std::map<std::string, core::CounterRow>> by_field =
      store_->SumCountersByDimension({ScopeKind::kDistrict, "436"},
                                     core::Dimension::kField, day, day);
  ASSERT_TRUE(by_field.ok());
  ASSERT_EQ(by_field->size(), 1u);
  EXPECT_EQ(by_field->at("HOTICH")[Metric::kReceivedDirect], 1);
}

TEST_P(StoreDossiers, CommuneMovedToAnotherDistrictCountsWhereItWasThen) {
  ASSERT_TRUE(Receive(*store_, world_, "H29.18352", "1.000894",
                      Channel::kDirect, Local(2024, 12, 31, 9, 0))
                  .ok());
  ASSERT_TRUE(Receive(*store_, world_, "H29.18352", "1.000894",
                      Channel::kDirect, Local(2025, 1, 2, 9, 0))
                  .ok());
  const absl::CivilDay first(2024, 1, 1), last(2025, 12, 31);
  EXPECT_EQ(Count({ScopeKind::kDistrict, "437"}, Metric::kReceivedDirect, first,
                  last),
            1);
  EXPECT_EQ(Count({ScopeKind::kDistrict, "436"}, Metric::kReceivedDirect, first,
                  last),
            1);
}

TEST_P(StoreDossiers, FinishMovesTheDossierFromOpenToResolved) {
  const std::string code = ReceiveMarriage().dossier.code;
  const Scope agency{ScopeKind::kAgency, "H29.18070"};
  ASSERT_TRUE(
      Move(*store_, code, DossierStatus::kProcessing, Local(2025, 3, 3, 10, 0))
          .ok());
  ASSERT_TRUE(Move(*store_, code, DossierStatus::kResolved,
                   Local(2025, 3, 12, 10, 0), core::Outcome::kGranted)
                  .ok());
  const absl::CivilDay first = storage::kFirstCounterDay;
  // Due Mon 10 Mar; overdue from Tue 11 Mar until finished Wed 12 Mar.
  EXPECT_EQ(Count(agency, Metric::kFinishedLate, absl::CivilDay(2025, 3, 12),
                  absl::CivilDay(2025, 3, 12)),
            1);
  EXPECT_EQ(
      Count(agency, Metric::kOverdueFrom, first, absl::CivilDay(2025, 3, 11)) -
          Count(agency, Metric::kOverdueUntil, first,
                absl::CivilDay(2025, 3, 11)),
      1);
  EXPECT_EQ(
      Count(agency, Metric::kOverdueFrom, first, absl::CivilDay(2025, 3, 12)) -
          Count(agency, Metric::kOverdueUntil, first,
                absl::CivilDay(2025, 3, 12)),
      0);
}

TEST_P(StoreDossiers, ListsByStatusWithPages) {
  for (int i = 0; i < 5; ++i) ReceiveMarriage();
  ASSERT_TRUE(Move(*store_, "H29.18070-250303-0003", DossierStatus::kProcessing,
                   Local(2025, 3, 3, 10, 0))
                  .ok());
  storage::DossierQuery q;
  q.scope = {ScopeKind::kAgency, "H29.18070"};
  q.status = DossierStatus::kReceived;
  q.page_size = 3;
  absl::StatusOr<storage::DossierPage> page = store_->ListDossiers(q);
  ASSERT_TRUE(page.ok()) << page.status();
  std::vector<std::string> codes;
  for (const core::Dossier& d : page->dossiers) codes.push_back(d.code);
  EXPECT_THAT(codes,
              ElementsAre("H29.18070-250303-0001", "H29.18070-250303-0002",
                          "H29.18070-250303-0004"));
  ASSERT_FALSE(page->next_page_token.empty());
  q.page_token = page->next_page_token;
  page = store_->ListDossiers(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->dossiers.size(), 1u);
  EXPECT_EQ(page->dossiers[0].code, "H29.18070-250303-0005");
  EXPECT_TRUE(page->next_page_token.empty());
}

TEST_P(StoreDossiers, ListsByReceptionDayNewestFirst) {
  ASSERT_TRUE(Receive(*store_, world_, "H29.18070", "1.000894",
                      Channel::kDirect, Local(2025, 3, 3, 9, 0))
                  .ok());
  ASSERT_TRUE(Receive(*store_, world_, "H29.18073", "1.000894",
                      Channel::kOnline, Local(2025, 3, 5, 9, 0))
                  .ok());
  ASSERT_TRUE(Receive(*store_, world_, "H29.437", "1.009994", Channel::kDirect,
                      Local(2025, 3, 4, 9, 0))
                  .ok());
  storage::DossierQuery q;
  q.scope = {ScopeKind::kDistrict, "436"};
  absl::StatusOr<storage::DossierPage> page = store_->ListDossiers(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->dossiers.size(), 2u);
  EXPECT_EQ(page->dossiers[0].code, "H29.18073-250305-0001");
  EXPECT_EQ(page->dossiers[1].code, "H29.18070-250303-0001");
  q.received_from = absl::CivilDay(2025, 3, 4);
  page = store_->ListDossiers(q);
  ASSERT_EQ(page->dossiers.size(), 1u);
}

TEST_P(StoreDossiers, ListsOverdueDossiersAsOfAnInstant) {
  const std::string late = ReceiveMarriage().dossier.code;  // due 10 Mar
  const std::string waiting = ReceiveMarriage().dossier.code;
  ASSERT_TRUE(Move(*store_, waiting, DossierStatus::kProcessing,
                   Local(2025, 3, 3, 10, 0))
                  .ok());
  ASSERT_TRUE(Move(*store_, waiting, DossierStatus::kAwaitingSupplement,
                   Local(2025, 3, 7, 10, 0))
                  .ok());
  storage::DossierQuery q;
  q.scope = {ScopeKind::kAgency, "H29.18070"};
  q.overdue_as_of = Local(2025, 3, 12, 9, 0);
  absl::StatusOr<storage::DossierPage> page = store_->ListDossiers(q);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->dossiers.size(), 1u);
  EXPECT_EQ(page->dossiers[0].code, late);
  q.overdue_as_of = Local(2025, 3, 10, 16, 0);
  EXPECT_TRUE(store_->ListDossiers(q)->dossiers.empty());
}

TEST_P(StoreDossiers, OverduePagesContinueAtALaterNow) {
  for (int i = 0; i < 3; ++i) ReceiveMarriage();  // all due Mon 10 Mar
  storage::DossierQuery q;
  q.scope = {ScopeKind::kAgency, "H29.18070"};
  q.overdue_as_of = Local(2025, 3, 12, 9, 0);
  q.page_size = 2;
  absl::StatusOr<storage::DossierPage> first = store_->ListDossiers(q);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->dossiers.size(), 2u);
  q.page_token = first->next_page_token;
  q.overdue_as_of = Local(2025, 3, 12, 9, 1);  // "now" at the next call
  absl::StatusOr<storage::DossierPage> second = store_->ListDossiers(q);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_EQ(second->dossiers.size(), 1u);
  EXPECT_EQ(second->dossiers[0].code, "H29.18070-250303-0003");
}

TEST_P(StoreDossiers, DueOnListsTheOpenDossiersDueThatDay) {
  const std::string a = ReceiveMarriage().dossier.code;  // due Mon 10 Mar
  const std::string b = ReceiveMarriage().dossier.code;  // due Mon 10 Mar
  ASSERT_TRUE(
      Move(*store_, b, DossierStatus::kProcessing, Local(2025, 3, 3, 10, 0))
          .ok());
  ASSERT_TRUE(Move(*store_, b, DossierStatus::kResolved,
                   Local(2025, 3, 4, 10, 0), core::Outcome::kGranted)
                  .ok());
  storage::DossierQuery q;
  q.scope = {ScopeKind::kAgency, "H29.18070"};
  q.due_on = absl::CivilDay(2025, 3, 10);
  absl::StatusOr<storage::DossierPage> page = store_->ListDossiers(q);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->dossiers.size(), 1u);  // b is finished: no longer open
  EXPECT_EQ(page->dossiers[0].code, a);
  q.due_on = absl::CivilDay(2025, 3, 11);
  EXPECT_TRUE(store_->ListDossiers(q)->dossiers.empty());
  q.scope = {ScopeKind::kDistrict, "436"};
  EXPECT_EQ(store_->ListDossiers(q).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Steps of 1 working day handed over on Mon 3 Mar 10:00 are due Tue 4 Mar;
// a 3-day one is due Thu 6 Mar.
TEST_P(StoreDossiers, OpenStepsAreListedForTheHolderAndTheReceiverByDueDay) {
  const std::string late = ReceiveMarriage().dossier.code;
  const std::string later = ReceiveMarriage().dossier.code;
  const std::string done = ReceiveMarriage().dossier.code;
  auto hand = [&](const std::string& code, int days) {
    ASSERT_TRUE(Move(*store_, code, DossierStatus::kProcessing,
                     Local(2025, 3, 3, 9, 30))
                    .ok());
    ASSERT_TRUE(HandTo(*store_, code, "H29.10", Local(2025, 3, 3, 10, 0),
                       {days, core::TimeUnit::kWorkingDays})
                    .ok());
  };
  hand(later, 3);
  hand(late, 1);
  hand(done, 1);
  ASSERT_TRUE(FinishStep(*store_, done, Local(2025, 3, 3, 15, 0)).ok());
  // Finishing the step took its entries out: nothing stale for Verify.
  EXPECT_TRUE(store_->Verify(false)->consistent());
  auto codes = [&](const std::string& agency, absl::CivilDay due_by) {
    storage::DossierQuery q;
    q.scope = {ScopeKind::kAgency, agency};
    q.open_steps_due_by = due_by;
    std::vector<std::string> out;
    absl::StatusOr<storage::DossierPage> page = store_->ListDossiers(q);
    EXPECT_TRUE(page.ok()) << page.status();
    if (!page.ok()) return out;
    for (const core::Dossier& d : page->dossiers) out.push_back(d.code);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(codes("H29.10", absl::CivilDay(2025, 3, 6)), (V{late, later}));
  EXPECT_EQ(codes("H29.10", absl::CivilDay(2025, 3, 5)), V{late});
  EXPECT_EQ(codes("H29.10", absl::CivilDay(2025, 3, 3)), V{});
  EXPECT_EQ(codes("H29.18070", absl::CivilDay(2025, 3, 6)), (V{late, later}));
  EXPECT_EQ(codes("H29.18073", absl::CivilDay(2025, 3, 6)), V{});
}

TEST_P(StoreDossiers, OpenStepsNeedAnAgencyScopeAlone) {
  storage::DossierQuery q;
  q.scope = {ScopeKind::kDistrict, "436"};
  q.open_steps_due_by = absl::CivilDay(2025, 3, 6);
  EXPECT_EQ(store_->ListDossiers(q).status().code(),
            absl::StatusCode::kInvalidArgument);
  q.scope = {ScopeKind::kAgency, "H29.10"};
  q.due_on = absl::CivilDay(2025, 3, 6);
  EXPECT_EQ(store_->ListDossiers(q).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(StoreDossiers, ForeignOrForgedPageTokenIsInvalid) {
  for (int i = 0; i < 3; ++i) ReceiveMarriage();
  storage::DossierQuery q;
  q.scope = {ScopeKind::kAgency, "H29.18070"};
  q.status = DossierStatus::kReceived;
  q.page_size = 1;
  const std::string token = store_->ListDossiers(q)->next_page_token;
  q.status = DossierStatus::kProcessing;
  q.page_token = token;
  EXPECT_EQ(store_->ListDossiers(q).status().code(),
            absl::StatusCode::kInvalidArgument);
  q.page_token = "bm90IGEgdG9rZW4";
  EXPECT_EQ(store_->ListDossiers(q).status().code(),
            absl::StatusCode::kInvalidArgument);
  q.page_token = "";
  q.page_size = 1001;
  EXPECT_EQ(store_->ListDossiers(q).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(StoreDossiers, ScanVisitsTheScopesReceivedDossiersByDay) {
  ASSERT_TRUE(Receive(*store_, world_, "H29.18073", "1.000894",
                      Channel::kDirect, Local(2025, 3, 5, 9, 0))
                  .ok());
  ReceiveMarriage();
  std::vector<std::string> seen;
  ASSERT_TRUE(store_
                  ->ScanReceived({ScopeKind::kProvince, "42"},
                                 absl::CivilDay(2025, 3, 1),
                                 absl::CivilDay(2025, 3, 31),
                                 [&](const core::Dossier& d) {
                                   seen.push_back(d.code);
                                   return true;
                                 })
                  .ok());
  EXPECT_THAT(seen,
              ElementsAre("H29.18070-250303-0001", "H29.18073-250305-0001"));
}

TEST_P(StoreDossiers, CounterRangeEndingBeforeItStartsIsInvalid) {
  EXPECT_EQ(store_
                ->SumCounters(
                    {ScopeKind::kDeployment, ""}, core::Dimension::kTotal, "",
                    absl::CivilDay(2025, 3, 3), absl::CivilDay(2025, 3, 2))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_P(StoreDossiers, ConcurrentCreationsGetDistinctConsecutiveCodes) {
  constexpr int kThreads = 8, kEach = 25;
  std::vector<std::vector<std::string>> codes(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      for (int j = 0; j < kEach; ++j) {
        absl::StatusOr<storage::DossierWrite> w =
            Receive(*store_, world_, "H29.18070", "1.000894", Channel::kDirect,
                    Local(2025, 3, 3, 9, 0));
        if (w.ok()) codes[i].push_back(w->dossier.code);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<std::string> all;
  for (const auto& list : codes) all.insert(list.begin(), list.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(*all.rbegin(), "H29.18070-250303-0200");
  EXPECT_TRUE(store_->Verify(false)->consistent());
}

TEST_P(StoreDossiers, ConcurrentChangesToOneDossierAreAllApplied) {
  const std::string code = ReceiveMarriage().dossier.code;
  constexpr int kThreads = 8, kEach = 10;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < kEach; ++j) {
        // Each apology promises a day more than the one it replaces: a lost
        // update would leave fewer apologies than calls.
        EXPECT_TRUE(
            store_
                ->UpdateDossier(code, {},
                                [](const core::Dossier& d) {
                                  const absl::Time promised =
                                      d.timeline.extended_due_at.value_or(
                                          *d.timeline.due_at) +
                                      absl::Hours(24);
                                  return core::ApologyChange(
                                      d, d.timeline.last_event_at, promised,
                                      {"desk-1", ""});
                                })
                .ok());
      }
    });
  }
  for (std::thread& t : threads) t.join();
  absl::StatusOr<core::Dossier> d = store_->GetDossier(code);
  EXPECT_EQ(d->timeline.apology_count, kThreads * kEach);
  EXPECT_EQ(d->version, 1 + kThreads * kEach);
  EXPECT_EQ(store_->GetHistory(code)->size(), 1u + kThreads * kEach);
}

TEST_P(StoreDossiers, RequestIdOfOneDossierIsRefusedForAnother) {
  const std::string first = ReceiveMarriage().dossier.code;
  const std::string second = ReceiveMarriage().dossier.code;
  ASSERT_TRUE(Move(*store_, first, DossierStatus::kProcessing,
                   Local(2025, 3, 3, 10, 0), core::Outcome::kUnspecified,
                   "req-6")
                  .ok());
  absl::StatusOr<storage::DossierWrite> other =
      Move(*store_, second, DossierStatus::kProcessing,
           Local(2025, 3, 3, 10, 0), core::Outcome::kUnspecified, "req-6");
  EXPECT_EQ(other.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->GetDossier(second)->timeline.status,
            DossierStatus::kReceived);
}

TEST_P(StoreDossiers, NewestFirstPagesResumeWhereTheyStopped) {
  for (int day = 3; day <= 7; ++day) {
    ASSERT_TRUE(Receive(*store_, world_, "H29.18070", "1.000894",
                        Channel::kDirect, Local(2025, 3, day, 9, 0))
                    .ok());
  }
  storage::DossierQuery q;
  q.scope = {ScopeKind::kCommune, "18070"};
  q.page_size = 2;
  std::vector<std::string> seen;
  do {
    absl::StatusOr<storage::DossierPage> page = store_->ListDossiers(q);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const core::Dossier& d : page->dossiers) seen.push_back(d.code);
    q.page_token = page->next_page_token;
  } while (!q.page_token.empty());
  EXPECT_THAT(seen,
              ElementsAre("H29.18070-250307-0001", "H29.18070-250306-0001",
                          "H29.18070-250305-0001", "H29.18070-250304-0001",
                          "H29.18070-250303-0001"));
}

INSTANTIATE_TEST_SUITE_P(Engines, StoreDossiers, ::testing::ValuesIn(Engines()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace motcua::testing

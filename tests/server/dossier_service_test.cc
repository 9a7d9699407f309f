// DossierService over real gRPC on 127.0.0.1 (port 0), with a fixed clock
// so due dates are exact.
#include "server/dossier_service.h"

#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "server/api_codec.h"
#include "service/tokens.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::server {
namespace {

using ::motcua::testing::Local;
using ::motcua::testing::ShippedYear;
using service::GenerateToken;
using service::NewToken;
using ::testing::HasSubstr;

const core::Principal kAdmin{"admin", core::Role::kAdmin, {}, {}};

// Keeps every thread of a pool busy and its queue full until destroyed,
// when it lets them go and waits for the queue to empty.
class Occupied {
 public:
  explicit Occupied(WorkerPool& pool) : pool_(pool) {
    for (int i = 0; i < pool.threads(); ++i) {
      auto started = std::make_shared<absl::Notification>();
      if (!pool.TrySubmit([started, release = release_] {
            started->Notify();
            release->WaitForNotification();
          })) {
        ADD_FAILURE() << "the pool refused a task while it had room";
        return;
      }
      EXPECT_TRUE(started->WaitForNotificationWithTimeout(absl::Seconds(10)));
    }
    while (pool.TrySubmit([] {})) {
    }
  }
  ~Occupied() {
    release_->Notify();
    for (int i = 0; i < 10000 && pool_.queued() > 0; ++i) {
      absl::SleepFor(absl::Milliseconds(1));
    }
    EXPECT_EQ(pool_.queued(), 0u);
  }

 private:
  WorkerPool& pool_;
  std::shared_ptr<absl::Notification> release_ =
      std::make_shared<absl::Notification>();
};

class DossierServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage::RocksDbStoreOptions options;
    options.clock = [this] { return now_; };  // recorded_at follows the test
    store_ = *storage::OpenRocksDbStore(dir_.Sub("db"), options);
    ASSERT_TRUE(LoadWorld(testing::SmallProvince(), *store_).ok());
    for (int y = 2020; y <= 2027; ++y) {
      ASSERT_TRUE(store_->PutCalendarYear(ShippedYear(y)).ok());
    }
    app_ = *service::Application::Create(*store_, service::TimePolicy(),
                                         [this] { return now_; });
    // Reads on a pool of their own, as with a PostgreSQL store.
    service_ = std::make_unique<DossierServiceImpl>(*app_, writers_, &readers_,
                                                    lookups_, admission_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    stub_ = v1::DossierService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
    desk_ = Token({"desk-bac-ha", core::Role::kDesk, {"H29.18070"}, {}});
    other_desk_ = Token({"desk-nam-ha", core::Role::kDesk, {"H29.18073"}, {}});
    viewer_ = Token({"dashboard-436",
                     core::Role::kViewer,
                     {},
                     {core::ScopeKind::kDistrict, "436"}});
  }
  void TearDown() override { server_->Shutdown(); }

  std::string Token(const core::Principal& p) {
    NewToken t = *GenerateToken(p, now_);
    EXPECT_TRUE(store_->PutToken(t.stored).ok());
    return t.secret;
  }
  std::unique_ptr<grpc::ClientContext> As(const std::string& secret) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!secret.empty())
      context->AddMetadata("authorization", "Bearer " + secret);
    return context;
  }
  v1::ReceiveDossierRequest Marriage(const std::string& request_id = "") {
    v1::ReceiveDossierRequest r;
    r.mutable_write()->set_request_id(request_id);
    r.set_agency_code("H29.18070");
    r.set_procedure_code("1.000894");
    r.set_channel(v1::DIRECT);
    r.mutable_applicant()->set_kind(v1::Applicant::PERSON);
    r.mutable_applicant()->set_name("Trần Thị B");
    r.mutable_applicant()->set_id_number("042190005678");
    return r;
  }
  grpc::Status Change(const std::string& secret, const std::string& code,
                      v1::DossierStatus to, v1::Dossier* out,
                      v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED,
                      const std::string& request_id = "") {
    v1::ChangeDossierStatusRequest r;
    r.set_code(code);
    r.set_status(to);
    r.set_outcome(outcome);
    r.mutable_write()->set_request_id(request_id);
    return stub_->ChangeDossierStatus(As(secret).get(), r, out);
  }
  std::string ReceiveAt(absl::Time t) {
    now_ = t;
    v1::Receipt receipt;
    grpc::Status s =
        stub_->ReceiveDossier(As(desk_).get(), Marriage(), &receipt);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return receipt.dossier().code();
  }

  testing::TempDir dir_;
  absl::Time now_ = Local(2025, 3, 3, 9, 0);
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<service::Application> app_;
  WorkerPool writers_{4, 64};
  WorkerPool readers_{2, 64};
  WorkerPool lookups_{2, 64};
  LookupAdmission admission_{4, 64, absl::Seconds(10)};
  std::unique_ptr<DossierServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::DossierService::Stub> stub_;
  std::string desk_, other_desk_, viewer_;
};

TEST_F(DossierServiceTest, ReceiptShowsCodeDueDateAndNames) {
  v1::Receipt receipt;
  grpc::Status s = stub_->ReceiveDossier(As(desk_).get(), Marriage(), &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.dossier().code(), "H29.18070-250303-0001");
  EXPECT_EQ(receipt.dossier().status(), v1::RECEIVED);
  EXPECT_EQ(receipt.procedure_name(), "Đăng ký kết hôn");
  EXPECT_EQ(receipt.agency_name(), "UBND Phường Bắc Hà");
  // Mon 3 Mar 2025 09:00 + 5 working days.
  EXPECT_EQ(receipt.due_date().year(), 2025);
  EXPECT_EQ(receipt.due_date().month(), 3);
  EXPECT_EQ(receipt.due_date().day(), 10);
  EXPECT_FALSE(receipt.due_date_provisional());
  EXPECT_EQ(receipt.dossier().applicant().id_number(), "042190005678");
}

TEST_F(DossierServiceTest, WholeLifeThroughEveryStatus) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::Dossier d;
  now_ = Local(2025, 3, 3, 10, 0);
  ASSERT_TRUE(Change(desk_, code, v1::PROCESSING, &d).ok());
  now_ = Local(2025, 3, 4, 10, 0);
  ASSERT_TRUE(Change(desk_, code, v1::AWAITING_SUPPLEMENT, &d).ok());
  now_ = Local(2025, 3, 6, 14, 0);
  ASSERT_TRUE(Change(desk_, code, v1::PROCESSING, &d).ok());
  now_ = Local(2025, 3, 7, 9, 0);
  ASSERT_TRUE(Change(desk_, code, v1::AWAITING_FINANCIAL_OBLIGATION, &d).ok());
  now_ = Local(2025, 3, 7, 11, 0);
  ASSERT_TRUE(Change(desk_, code, v1::PROCESSING, &d).ok());
  now_ = Local(2025, 3, 11, 15, 0);
  ASSERT_TRUE(Change(desk_, code, v1::RESOLVED, &d, v1::GRANTED).ok());
  now_ = Local(2025, 3, 12, 8, 0);
  ASSERT_TRUE(Change(desk_, code, v1::RETURNED, &d).ok());
  EXPECT_EQ(d.status(), v1::RETURNED);
  // Due Mon 10 Mar 09:00; + 17 h waiting for the supplement: Wed 12 Mar
  // 11:00; + 2 h waiting for the fee: 30 min before lunch, 90 after: 15:00.
  EXPECT_EQ(testing::LocalString(absl::FromUnixSeconds(d.due_at().seconds())),
            testing::LocalString(Local(2025, 3, 12, 15, 0)));
  EXPECT_EQ(d.timeliness(), v1::EARLY);
  EXPECT_EQ(d.version(), 8);

  v1::GetDossierRequest get;
  get.set_code(code);
  v1::DossierWithHistory full;
  ASSERT_TRUE(stub_->GetDossier(As(desk_).get(), get, &full).ok());
  ASSERT_EQ(full.history_size(), 8);
  EXPECT_EQ(full.history(7).to_status(), v1::RETURNED);
  EXPECT_EQ(full.history(7).principal(), "desk-bac-ha");
}

TEST_F(DossierServiceTest, InterAgencyStepsAreTimedAndTheNextAgencyMayAct) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::Dossier d;
  now_ = Local(2025, 3, 3, 10, 0);
  ASSERT_TRUE(Change(desk_, code, v1::PROCESSING, &d).ok());
  v1::HandDossierToAgencyRequest hand;
  hand.set_code(code);
  hand.set_agency_code("H29.18073");
  hand.mutable_allotted()->set_amount(2);
  hand.mutable_allotted()->set_unit(v1::WORKING_DAYS);
  grpc::Status s = stub_->HandDossierToAgency(As(desk_).get(), hand, &d);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(d.steps_size(), 1);
  // Mon 3 Mar 10:00 + 2 working days.
  EXPECT_EQ(d.steps(0).due_at().seconds(),
            absl::ToUnixSeconds(Local(2025, 3, 5, 10, 0)));
  // The agency holding the step finishes it, late on Thu 6 Mar.
  now_ = Local(2025, 3, 6, 9, 0);
  v1::FinishDossierStepRequest finish;
  finish.set_code(code);
  s = stub_->FinishDossierStep(As(other_desk_).get(), finish, &d);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(d.steps(0).timeliness(), v1::LATE);
  EXPECT_FALSE(d.has_applicant());  // not the receiving agency's desk
  // Once its step is over, that agency may no longer act.
  EXPECT_EQ(
      Change(other_desk_, code, v1::RESOLVED, &d, v1::GRANTED).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(DossierServiceTest, ApologyPromisesANewDateButDueStays) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::ApologizeForDossierRequest apology;
  apology.set_code(code);
  ToProto(Local(2025, 3, 14, 9, 0), apology.mutable_new_due_at());
  now_ = Local(2025, 3, 7, 9, 0);
  v1::Dossier d;
  grpc::Status s = stub_->ApologizeForDossier(As(desk_).get(), apology, &d);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(d.extended_due_at().seconds(),
            absl::ToUnixSeconds(Local(2025, 3, 14, 9, 0)));
  EXPECT_EQ(d.due_at().seconds(),
            absl::ToUnixSeconds(Local(2025, 3, 10, 9, 0)));
  EXPECT_EQ(d.apology_count(), 1);
  apology.clear_new_due_at();
  s = stub_->ApologizeForDossier(As(desk_).get(), apology, &d);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("new_due_at"));
}

TEST_F(DossierServiceTest, OnlineSubmissionIsAcceptedBySubmittedCode) {
  v1::SubmitDossierRequest submit;
  submit.set_agency_code("H29.18070");
  submit.set_procedure_code("1.000894");
  *submit.mutable_applicant() = Marriage().applicant();
  now_ = Local(2025, 3, 1, 21, 0);  // Saturday evening
  v1::Dossier submitted;
  ASSERT_TRUE(stub_->SubmitDossier(As(desk_).get(), submit, &submitted).ok());
  EXPECT_EQ(submitted.status(), v1::SUBMITTED);
  EXPECT_FALSE(submitted.has_due_at());
  v1::ReceiveDossierRequest accept;
  accept.set_submitted_code(submitted.code());
  now_ = Local(2025, 3, 3, 8, 0);
  v1::Receipt receipt;
  grpc::Status s = stub_->ReceiveDossier(As(desk_).get(), accept, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.dossier().status(), v1::RECEIVED);
  EXPECT_EQ(receipt.dossier().channel(), v1::ONLINE);
  EXPECT_EQ(receipt.due_date().day(), 10);
}

TEST_F(DossierServiceTest, IllegalTransitionIsFailedPreconditionNamingBoth) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::Dossier d;
  grpc::Status s = Change(desk_, code, v1::RETURNED, &d);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(),
            "illegal transition from RECEIVED (2) to RETURNED (10)");
}

TEST_F(DossierServiceTest, CallsWithoutAValidTokenAreUnauthenticated) {
  v1::Receipt receipt;
  EXPECT_EQ(
      stub_->ReceiveDossier(As("").get(), Marriage(), &receipt).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(stub_->ReceiveDossier(As("mc_forged").get(), Marriage(), &receipt)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(DossierServiceTest, OtherAgencysDeskIsDeniedAndNothingChanges) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::Dossier d;
  grpc::Status s = Change(other_desk_, code, v1::PROCESSING, &d);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(store_->GetDossier(code)->version, 1);
  v1::Receipt receipt;
  EXPECT_EQ(stub_->ReceiveDossier(As(other_desk_).get(), Marriage(), &receipt)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->ReceiveDossier(As(viewer_).get(), Marriage(), &receipt)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(DossierServiceTest, ViewerReadsWithoutPersonalData) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::GetDossierRequest get;
  get.set_code(code);
  v1::DossierWithHistory full;
  ASSERT_TRUE(stub_->GetDossier(As(viewer_).get(), get, &full).ok());
  EXPECT_FALSE(full.dossier().has_applicant());
  v1::ListDossiersRequest list;
  list.mutable_scope()->set_kind(v1::Scope::PROVINCE);
  list.mutable_scope()->set_code("42");
  v1::ListDossiersResponse page;
  EXPECT_EQ(stub_->ListDossiers(As(viewer_).get(), list, &page).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  list.mutable_scope()->set_kind(v1::Scope::COMMUNE);
  list.mutable_scope()->set_code("18070");
  ASSERT_TRUE(stub_->ListDossiers(As(viewer_).get(), list, &page).ok());
  ASSERT_EQ(page.dossiers_size(), 1);
  EXPECT_FALSE(page.dossiers(0).has_applicant());
}

TEST_F(DossierServiceTest, RetriedWriteReturnsTheFirstAnswer) {
  v1::Receipt first, retry;
  ASSERT_TRUE(
      stub_->ReceiveDossier(As(desk_).get(), Marriage("r-1"), &first).ok());
  now_ += absl::Minutes(5);  // the retry arrives later: same answer
  ASSERT_TRUE(
      stub_->ReceiveDossier(As(desk_).get(), Marriage("r-1"), &retry).ok());
  EXPECT_EQ(retry.dossier().code(), first.dossier().code());
  EXPECT_EQ(retry.dossier().received_at().seconds(),
            first.dossier().received_at().seconds());
  v1::ReceiveDossierRequest different = Marriage("r-1");
  different.set_procedure_code("1.001193");
  EXPECT_EQ(
      stub_->ReceiveDossier(As(desk_).get(), different, &retry).error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
}

// A retry is answered from the first application before anything that may
// have moved since is checked again: here the desk's back-dating window.
TEST_F(DossierServiceTest,
       RetryAfterTheBackdatingWindowMovedOnGetsTheFirstAnswer) {
  v1::ReceiveDossierRequest receive = Marriage();
  ToProto(now_ - absl::Hours(24 * 7) + absl::Minutes(1),
          receive.mutable_write()->mutable_occurred_at());
  v1::Receipt receipt;
  ASSERT_TRUE(stub_->ReceiveDossier(As(desk_).get(), receive, &receipt).ok());
  v1::ChangeDossierStatusRequest r;
  r.set_code(receipt.dossier().code());
  r.set_status(v1::PROCESSING);
  r.mutable_write()->set_request_id("late-1");
  ToProto(now_ - absl::Hours(24 * 7) + absl::Minutes(2),
          r.mutable_write()->mutable_occurred_at());
  v1::Dossier first, retry;
  ASSERT_TRUE(stub_->ChangeDossierStatus(As(desk_).get(), r, &first).ok());
  now_ += absl::Minutes(5);  // the first event is now beyond the window
  grpc::Status s = stub_->ChangeDossierStatus(As(desk_).get(), r, &retry);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
}

// The same for the catalogue: the procedure lapsed between the reception
// and its retry.
TEST_F(DossierServiceTest, RetryAfterTheProcedureLapsedGetsTheFirstAnswer) {
  absl::StatusOr<core::Procedure> marriage =
      store_->GetProcedure("1.000894", absl::CivilDay(2025, 3, 3));
  ASSERT_TRUE(marriage.ok()) << marriage.status();
  marriage->validity.valid_to = absl::CivilDay(2025, 3, 4);
  ASSERT_TRUE(app_->catalogue().PutProcedure(kAdmin, *marriage).ok());
  v1::Receipt first, retry;
  ASSERT_TRUE(
      stub_->ReceiveDossier(As(desk_).get(), Marriage("r-lapse"), &first).ok());
  now_ = Local(2025, 3, 4, 9, 0);  // a day later, no longer in force
  grpc::Status s =
      stub_->ReceiveDossier(As(desk_).get(), Marriage("r-lapse"), &retry);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(stub_->ReceiveDossier(As(desk_).get(), Marriage("r-new"), &retry)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// And for an import run again after the catalogue changed: unchanged, not
// refused.
TEST_F(DossierServiceTest, ReimportAfterTheCatalogueChangedIsUnchanged) {
  now_ = Local(2025, 3, 10, 9, 0);  // imports are of days gone by
  const std::string importer =
      Token({"migration", core::Role::kImport, {}, {}});
  v1::ImportDossiersRequest r;
  v1::HistoricalDossier* h = r.add_dossiers();
  h->set_code("H29.18070-250303-0101");
  h->set_agency_code("H29.18070");
  h->set_procedure_code("1.000894");
  h->set_channel(v1::DIRECT);
  *h->mutable_applicant() = Marriage().applicant();
  ToProto(Local(2025, 3, 3, 9, 0), h->mutable_created_at());
  v1::ImportDossiersResponse response;
  ASSERT_TRUE(stub_->ImportDossiers(As(importer).get(), r, &response).ok());
  ASSERT_EQ(response.imported(), 1) << response.ShortDebugString();
  // A correction of the catalogue: the procedure ended before 3 March.
  absl::StatusOr<core::Procedure> marriage =
      store_->GetProcedure("1.000894", absl::CivilDay(2025, 3, 3));
  ASSERT_TRUE(marriage.ok()) << marriage.status();
  marriage->validity.valid_to = absl::CivilDay(2025, 3, 1);
  ASSERT_TRUE(app_->catalogue().PutProcedure(kAdmin, *marriage).ok());
  v1::ImportDossiersResponse again;
  ASSERT_TRUE(stub_->ImportDossiers(As(importer).get(), r, &again).ok());
  EXPECT_EQ(again.unchanged(), 1) << again.ShortDebugString();
  EXPECT_EQ(again.refused(), 0);
}

TEST_F(DossierServiceTest, AnotherTokensRequestIdNeitherReplaysNorBlocks) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::Dossier d;
  ASSERT_TRUE(Change(desk_, code, v1::PROCESSING, &d, v1::OUTCOME_UNSPECIFIED,
                     "shared-1")
                  .ok());
  // The same request from another agency's desk is not answered from the
  // first write: it is checked, and refused.
  EXPECT_EQ(Change(other_desk_, code, v1::PROCESSING, &d,
                   v1::OUTCOME_UNSPECIFIED, "shared-1")
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Nor does one desk's id block another's.
  v1::ReceiveDossierRequest r = Marriage("shared-2");
  v1::Receipt receipt;
  ASSERT_TRUE(stub_->ReceiveDossier(As(desk_).get(), r, &receipt).ok());
  r.set_agency_code("H29.18073");
  EXPECT_TRUE(stub_->ReceiveDossier(As(other_desk_).get(), r, &receipt).ok());
}

TEST_F(DossierServiceTest, StepHolderMayOnlyFinishItsStep) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::Dossier d;
  ASSERT_TRUE(Change(desk_, code, v1::PROCESSING, &d).ok());
  v1::HandDossierToAgencyRequest hand;
  hand.set_code(code);
  hand.set_agency_code("H29.18073");
  hand.mutable_allotted()->set_amount(2);
  hand.mutable_allotted()->set_unit(v1::WORKING_DAYS);
  ASSERT_TRUE(stub_->HandDossierToAgency(As(desk_).get(), hand, &d).ok());
  EXPECT_EQ(Change(other_desk_, code, v1::STOPPED, &d).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(store_->GetDossier(code)->timeline.status,
            core::DossierStatus::kProcessing);
}

TEST_F(DossierServiceTest, NotesAreHiddenFromReadersWithoutPersonalDataRights) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::ChangeDossierStatusRequest r;
  r.set_code(code);
  r.set_status(v1::PROCESSING);
  r.mutable_write()->set_note("called the applicant on 0912 345 678");
  v1::Dossier d;
  ASSERT_TRUE(stub_->ChangeDossierStatus(As(desk_).get(), r, &d).ok());
  v1::GetDossierRequest get;
  get.set_code(code);
  v1::DossierWithHistory seen_by_viewer, seen_by_desk;
  ASSERT_TRUE(stub_->GetDossier(As(viewer_).get(), get, &seen_by_viewer).ok());
  ASSERT_TRUE(stub_->GetDossier(As(desk_).get(), get, &seen_by_desk).ok());
  EXPECT_EQ(seen_by_viewer.history(1).note(), "");
  EXPECT_EQ(seen_by_desk.history(1).note(),
            "called the applicant on 0912 345 678");
}

TEST_F(DossierServiceTest, OtherAgenciesCannotProbeWhichCodesExist) {
  ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::GetDossierRequest get;
  v1::DossierWithHistory out;
  get.set_code("H29.18070-250303-0001");  // exists
  EXPECT_EQ(stub_->GetDossier(As(other_desk_).get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  get.set_code("H29.18070-250303-0042");  // does not
  EXPECT_EQ(stub_->GetDossier(As(other_desk_).get(), get, &out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(stub_->GetDossier(As(desk_).get(), get, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::Dossier d;
  EXPECT_EQ(Change(other_desk_, "H29.18070-250303-0042", v1::PROCESSING, &d)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(DossierServiceTest, MalformedInputNamesTheField) {
  v1::ReceiveDossierRequest r = Marriage();
  r.set_channel(v1::ONLINE);
  v1::Receipt receipt;
  grpc::Status s = stub_->ReceiveDossier(As(desk_).get(), r, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("channel"));
  r = Marriage();
  r.mutable_applicant()->clear_id_number();
  s = stub_->ReceiveDossier(As(desk_).get(), r, &receipt);
  EXPECT_THAT(s.error_message(), HasSubstr("applicant.id_number"));
  r = Marriage();
  r.set_procedure_code("9.999999");
  s = stub_->ReceiveDossier(As(desk_).get(), r, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("procedure_code"));
  v1::Dossier d;
  s = Change(desk_, "H29.18070-250303-0001", static_cast<v1::DossierStatus>(11),
             &d);
  EXPECT_THAT(s.error_message(), HasSubstr("status"));
}

TEST_F(DossierServiceTest, OccurrenceTimesAreBoundedForDesks) {
  v1::ReceiveDossierRequest r = Marriage();
  ToProto(now_ + absl::Minutes(10), r.mutable_write()->mutable_occurred_at());
  v1::Receipt receipt;
  grpc::Status s = stub_->ReceiveDossier(As(desk_).get(), r, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("in the future"));
  ToProto(now_ - absl::Hours(24 * 8), r.mutable_write()->mutable_occurred_at());
  s = stub_->ReceiveDossier(As(desk_).get(), r, &receipt);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // An offline afternoon uploaded the next morning counts from its own time.
  now_ = Local(2025, 3, 4, 8, 0);
  ToProto(Local(2025, 3, 3, 15, 0), r.mutable_write()->mutable_occurred_at());
  ASSERT_TRUE(stub_->ReceiveDossier(As(desk_).get(), r, &receipt).ok());
  EXPECT_EQ(receipt.dossier().code(), "H29.18070-250303-0001");
  EXPECT_EQ(receipt.due_date().day(), 10);
}

TEST_F(DossierServiceTest, EventBeforeTheLastOneIsRefusedNamingBothTimes) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::ChangeDossierStatusRequest r;
  r.set_code(code);
  r.set_status(v1::PROCESSING);
  ToProto(Local(2025, 3, 3, 8, 0), r.mutable_write()->mutable_occurred_at());
  v1::Dossier d;
  grpc::Status s = stub_->ChangeDossierStatus(As(desk_).get(), r, &d);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(s.error_message(),
            "event at 2025-03-03T01:00:00+00:00 is earlier than the dossier's "
            "last event at 2025-03-03T02:00:00+00:00");
  EXPECT_EQ(store_->GetDossier(code)->version, 1);
}

TEST_F(DossierServiceTest, HistoryRecordsWhenEventsHappenedAndWereRecorded) {
  v1::ReceiveDossierRequest r = Marriage();
  now_ = Local(2025, 3, 4, 8, 0);
  ToProto(Local(2025, 3, 3, 15, 0), r.mutable_write()->mutable_occurred_at());
  v1::Receipt receipt;
  ASSERT_TRUE(stub_->ReceiveDossier(As(desk_).get(), r, &receipt).ok());
  v1::GetDossierRequest get;
  get.set_code(receipt.dossier().code());
  v1::DossierWithHistory full;
  ASSERT_TRUE(stub_->GetDossier(As(desk_).get(), get, &full).ok());
  EXPECT_EQ(full.history(0).occurred_at().seconds(),
            absl::ToUnixSeconds(Local(2025, 3, 3, 15, 0)));
  EXPECT_EQ(full.history(0).recorded_at().seconds(),
            absl::ToUnixSeconds(Local(2025, 3, 4, 8, 0)));
}

TEST_F(DossierServiceTest, PublicLookupNeedsTheApplicantsIdentityNumber) {
  const std::string code = ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::LookupDossierStatusRequest r;
  r.set_code(code);
  r.set_applicant_id_number("042190005678");
  v1::PublicDossierStatus status;
  grpc::ClientContext no_token;
  ASSERT_TRUE(stub_->LookupDossierStatus(&no_token, r, &status).ok());
  EXPECT_EQ(status.status(), v1::RECEIVED);
  EXPECT_TRUE(status.has_due_at());
  r.set_applicant_id_number("000000000000");
  grpc::ClientContext again;
  EXPECT_EQ(stub_->LookupDossierStatus(&again, r, &status).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

// The default rates: 20 lookups per address (burst), 10 per code. A code
// asked for too often is refused without spending the address's tokens:
// the address still has 10 for other codes.
TEST_F(DossierServiceTest, ALookupRefusedByTheCodesRateSpendsNoAddressToken) {
  v1::LookupDossierStatusRequest r;
  r.set_code("H29.18070-250303-0001");
  r.set_applicant_id_number("000000000000");
  v1::PublicDossierStatus status;
  for (int i = 0; i < 25; ++i) {
    grpc::ClientContext context;
    EXPECT_EQ(stub_->LookupDossierStatus(&context, r, &status).error_code(),
              i < 10 ? grpc::StatusCode::NOT_FOUND
                     : grpc::StatusCode::RESOURCE_EXHAUSTED)
        << i;
  }
  for (int i = 0; i < 11; ++i) {
    r.set_code(absl::StrCat("H29.18070-250303-01", 10 + i));
    grpc::ClientContext context;
    const grpc::Status s = stub_->LookupDossierStatus(&context, r, &status);
    EXPECT_EQ(s.error_code(), i < 10 ? grpc::StatusCode::NOT_FOUND
                                     : grpc::StatusCode::RESOURCE_EXHAUSTED)
        << i << ": " << s.error_message();
    if (i == 10) {
      EXPECT_THAT(s.error_message(), HasSubstr("this address"));
    }
  }
}

TEST_F(DossierServiceTest, ReadIsRefusedWhenTheReadQueueIsFullNamingReads) {
  ReceiveAt(Local(2025, 3, 3, 9, 0));
  v1::GetDossierRequest get;
  get.set_code("H29.18070-250303-0001");
  v1::DossierWithHistory out;
  {
    Occupied busy(readers_);
    auto context = As(desk_);  // a queued call would wait for the release
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    const grpc::Status s = stub_->GetDossier(context.get(), get, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_EQ(s.error_message(),
              "the server is at capacity (64 reads already waiting); retry "
              "later");
  }
  EXPECT_TRUE(stub_->GetDossier(As(desk_).get(), get, &out).ok());
}

TEST_F(DossierServiceTest, WriteRefusedWhenTheWriteQueueIsFullWritesNothing) {
  v1::Receipt receipt;
  {
    Occupied busy(writers_);
    auto context = As(desk_);  // a queued call would wait for the release
    context->set_deadline(std::chrono::system_clock::now() +
                          std::chrono::seconds(10));
    const grpc::Status s =
        stub_->ReceiveDossier(context.get(), Marriage("r-1"), &receipt);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    EXPECT_EQ(s.error_message(),
              "the server is at capacity (64 writes already waiting); "
              "nothing was written, retry later with the same request_id");
  }
  // The retry takes the day's first number: the refused call took none.
  ASSERT_TRUE(
      stub_->ReceiveDossier(As(desk_).get(), Marriage("r-1"), &receipt).ok());
  EXPECT_EQ(receipt.dossier().code(), "H29.18070-250303-0001");
}

}  // namespace
}  // namespace motcua::server

// StatisticsService over loopback gRPC: form 06 and rates of a small
// scenario worked out by hand (district 436, March 2025, DATE).
#include "server/statistics_service.h"

#include <algorithm>
#include <string>
#include <vector>

#include "core/dossier_changes.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "server/api_codec.h"
#include "service/tokens.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::server {
namespace {

using ::motcua::testing::Local;
using service::GenerateToken;
using service::NewToken;
using S = core::DossierStatus;

class StatisticsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *storage::OpenRocksDbStore(dir_.Sub("db"));
    ASSERT_TRUE(LoadWorld(world_, *store_).ok());
    // A: received Thu 27 Feb, due Thu 6 Mar, resolved Wed 5 Mar (early).
    Make("H29.18070", "1.000894", core::Channel::kDirect,
         Local(2025, 2, 27, 9, 0), Local(2025, 3, 5, 10, 0));
    // B: online (level 3, PARTIAL) Mon 3 Mar, due Mon 10 Mar, resolved that
    // afternoon (on time).
    Make("H29.18070", "1.000894", core::Channel::kOnline,
         Local(2025, 3, 3, 9, 0), Local(2025, 3, 10, 15, 0));
    // C: Mon 3 Mar, due Mon 10 Mar, resolved Wed 12 Mar (late).
    Make("H29.18070", "1.000894", core::Channel::kDirect,
         Local(2025, 3, 3, 9, 0), Local(2025, 3, 12, 9, 0));
    // D: by post Thu 20 Mar, due Thu 27 Mar, open on 31 Mar (overdue).
    Make("H29.18070", "1.000894", core::Channel::kPostal,
         Local(2025, 3, 20, 9, 0), std::nullopt);
    // E: Fri 28 Mar, due Fri 4 Apr, open on 31 Mar (within time).
    Make("H29.18070", "1.000894", core::Channel::kDirect,
         Local(2025, 3, 28, 9, 0), std::nullopt);
    // F: another district (437), not in 436's figures.
    Make("H29.437", "1.009994", core::Channel::kDirect, Local(2025, 3, 5, 9, 0),
         std::nullopt);

    app_ = *service::Application::Create(
        *store_, service::TimePolicy(), [] { return Local(2025, 4, 1, 9, 0); });
    service_ = std::make_unique<StatisticsServiceImpl>(*app_, nullptr);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(service_.get());
    server_ = builder.BuildAndStart();
    stub_ = v1::StatisticsService::NewStub(
        grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                            grpc::InsecureChannelCredentials()));
    admin_ = Token({"admin", core::Role::kAdmin, {}, {}});
  }
  void TearDown() override { server_->Shutdown(); }

  void Make(const std::string& agency, const std::string& procedure,
            core::Channel channel, absl::Time received,
            std::optional<absl::Time> resolved) {
    absl::StatusOr<storage::DossierWrite> w =
        testing::Receive(*store_, world_, agency, procedure, channel, received);
    ASSERT_TRUE(w.ok()) << w.status();
    const std::string code = w->dossier.code;
    ASSERT_TRUE(testing::Move(*store_, code, S::kProcessing,
                              received + absl::Minutes(30))
                    .ok());
    if (resolved) {
      ASSERT_TRUE(testing::Move(*store_, code, S::kResolved, *resolved,
                                core::Outcome::kGranted)
                      .ok());
    }
  }
  std::string Token(const core::Principal& p) {
    NewToken t = *GenerateToken(p, absl::Now());
    EXPECT_TRUE(store_->PutToken(t.stored).ok());
    return t.secret;
  }
  v1::GetReportRequest District436March() {
    v1::GetReportRequest r;
    r.mutable_scope()->set_kind(v1::Scope::DISTRICT);
    r.mutable_scope()->set_code("436");
    ToProto(absl::CivilDay(2025, 3, 1), r.mutable_period()->mutable_from());
    ToProto(absl::CivilDay(2025, 3, 31), r.mutable_period()->mutable_to());
    return r;
  }
  grpc::Status Report(const v1::GetReportRequest& r, v1::Report* out,
                      const std::string& token = "") {
    grpc::ClientContext c;
    c.AddMetadata("authorization",
                  "Bearer " + (token.empty() ? admin_ : token));
    return stub_->GetReport(&c, r, out);
  }

  testing::TempDir dir_;
  testing::World world_ = testing::SmallProvince();
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<service::Application> app_;
  std::unique_ptr<StatisticsServiceImpl> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::StatisticsService::Stub> stub_;
  std::string admin_;
};

TEST_F(StatisticsTest, Form06TotalsOfTheDistrictForMarch) {
  v1::Report report;
  grpc::Status s = Report(District436March(), &report);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const v1::Form06Row& t = report.total();
  EXPECT_EQ(t.received_online(), 1);         // B
  EXPECT_EQ(t.received_direct_postal(), 3);  // C, D, E
  EXPECT_EQ(t.carried_over(), 1);            // A
  EXPECT_EQ(t.received_total(), 5);
  EXPECT_EQ(t.resolved_total(), 3);
  EXPECT_EQ(t.resolved_early(), 1);    // A
  EXPECT_EQ(t.resolved_on_time(), 1);  // B
  EXPECT_EQ(t.resolved_late(), 1);     // C
  EXPECT_EQ(t.in_progress_total(), 2);
  EXPECT_EQ(t.in_progress_overdue(), 1);      // D
  EXPECT_EQ(t.in_progress_within_time(), 1);  // E
  EXPECT_EQ(t.received_online_level3(), 1);
  EXPECT_EQ(t.received_online_partial(), 1);
  EXPECT_EQ(t.received_online_level4(), 0);
  // Judged at the end of 31 March (the period is over).
  EXPECT_EQ(report.as_of().seconds(),
            absl::ToUnixSeconds(Local(2025, 3, 31, 23, 59, 59)));
}

TEST_F(StatisticsTest, FieldRowsAndChildUnitRows) {
  v1::Report by_field;
  ASSERT_TRUE(Report(District436March(), &by_field).ok());
  ASSERT_EQ(by_field.rows_size(), 1);
  EXPECT_EQ(by_field.rows(0).key(), "HOTICH");
  EXPECT_EQ(by_field.rows(0).name(), "Hộ tịch");
  EXPECT_EQ(by_field.rows(0).received_total(), 5);
  v1::GetReportRequest r = District436March();
  r.set_breakdown(v1::GetReportRequest::CHILD_UNIT);
  v1::Report by_unit;
  ASSERT_TRUE(Report(r, &by_unit).ok());
  int64_t sum = 0;
  for (const v1::Form06Row& row : by_unit.rows()) {
    if (row.key() == "18070") {
      EXPECT_EQ(row.received_total(), 5);
    }
    sum += row.received_total();
  }
  EXPECT_EQ(sum, 5);
}

TEST_F(StatisticsTest, MonthRowsJudgeEachMonthAtItsEnd) {
  v1::GetReportRequest r = District436March();
  ToProto(absl::CivilDay(2025, 2, 1), r.mutable_period()->mutable_from());
  r.set_breakdown(v1::GetReportRequest::MONTH);
  v1::Report report;
  ASSERT_TRUE(Report(r, &report).ok());
  ASSERT_EQ(report.rows_size(), 2);
  EXPECT_EQ(report.rows(0).key(), "2025-02");
  EXPECT_EQ(report.rows(0).received_direct_postal(), 1);  // A
  EXPECT_EQ(report.rows(0).in_progress_within_time(), 1);
  EXPECT_EQ(report.rows(1).key(), "2025-03");
  EXPECT_EQ(report.rows(1).carried_over(), 1);
  EXPECT_EQ(report.rows(1).in_progress_overdue(), 1);
}

TEST_F(StatisticsTest, RatesAreExactAndNoDataIsNotZero) {
  v1::GetRatesRequest r;
  *r.mutable_scope() = District436March().scope();
  *r.mutable_period() = District436March().period();
  r.set_monthly(true);
  grpc::ClientContext c;
  c.AddMetadata("authorization", "Bearer " + admin_);
  v1::RatesReport rates;
  ASSERT_TRUE(stub_->GetRates(&c, r, &rates).ok());
  EXPECT_EQ(rates.total().on_time().numerator(), 2);
  EXPECT_EQ(rates.total().on_time().denominator(), 3);
  EXPECT_EQ(rates.total().early().numerator(), 1);
  EXPECT_EQ(rates.total().progress_index().numerator(), 3);
  EXPECT_EQ(rates.total().progress_index().denominator(), 5);
  EXPECT_EQ(rates.total().online_level3().numerator(), 1);
  EXPECT_EQ(rates.total().online_level3().denominator(), 4);
  ASSERT_EQ(rates.months_size(), 1);
  r.mutable_scope()->set_kind(v1::Scope::COMMUNE);
  r.mutable_scope()->set_code("18073");
  grpc::ClientContext c2;
  c2.AddMetadata("authorization", "Bearer " + admin_);
  ASSERT_TRUE(stub_->GetRates(&c2, r, &rates).ok());
  EXPECT_EQ(rates.total().on_time().denominator(), 0);  // no data
}

TEST_F(StatisticsTest, ViewersSeeOnlyTheirUnit) {
  const std::string viewer_437 = Token({"dash-437",
                                        core::Role::kViewer,
                                        {},
                                        {core::ScopeKind::kDistrict, "437"}});
  v1::Report report;
  EXPECT_EQ(Report(District436March(), &report, viewer_437).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::GetReportRequest own = District436March();
  own.mutable_scope()->set_code("437");
  ASSERT_TRUE(Report(own, &report, viewer_437).ok());
  EXPECT_EQ(report.total().received_direct_postal(), 1);  // F
}

TEST_F(StatisticsTest, OnlineProcedureRatiosCountTheScopesCatalogue) {
  v1::GetOnlineProcedureRatiosRequest r;
  r.mutable_scope()->set_kind(v1::Scope::COMMUNE);
  r.mutable_scope()->set_code("18070");
  ToProto(absl::CivilDay(2025, 3, 1), r.mutable_as_of());
  grpc::ClientContext c;
  c.AddMetadata("authorization", "Bearer " + admin_);
  v1::OnlineProcedureRatios out;
  ASSERT_TRUE(stub_->GetOnlineProcedureRatios(&c, r, &out).ok());
  // The world's four commune-level procedures: two level 4 (FULL), two
  // level 3 (PARTIAL).
  EXPECT_EQ(out.level4().numerator(), 2);
  EXPECT_EQ(out.level4().denominator(), 4);
  EXPECT_EQ(out.partial().numerator(), 2);
  r.mutable_scope()->set_kind(v1::Scope::PROVINCE);
  r.mutable_scope()->set_code("42");
  grpc::ClientContext c2;
  c2.AddMetadata("authorization", "Bearer " + admin_);
  ASSERT_TRUE(stub_->GetOnlineProcedureRatios(&c2, r, &out).ok());
  EXPECT_EQ(out.level4().denominator(), 10);  // every level
  EXPECT_EQ(out.level4().numerator(), 4);
}

TEST_F(StatisticsTest, AgencyRowsChargeLateStepsToTheAgencyThatOverran) {
  // A dossier of Bắc Hà handed to Nam Hà for 1 working day, finished late.
  absl::StatusOr<storage::DossierWrite> w =
      testing::Receive(*store_, world_, "H29.18070", "1.000894",
                       core::Channel::kDirect, Local(2025, 3, 10, 9, 0));
  ASSERT_TRUE(w.ok());
  const std::string code = w->dossier.code;
  ASSERT_TRUE(
      testing::Move(*store_, code, S::kProcessing, Local(2025, 3, 10, 9, 30))
          .ok());
  ASSERT_TRUE(store_
                  ->UpdateDossier(code, {},
                                  [](const core::Dossier& d) {
                                    return core::StepStartChange(
                                        testing::ShippedCalendar(),
                                        core::DomainRules(), d,
                                        Local(2025, 3, 10, 10, 0), "H29.18073",
                                        {1, core::TimeUnit::kWorkingDays}, {});
                                  })
                  .ok());
  ASSERT_TRUE(store_
                  ->UpdateDossier(code, {},
                                  [](const core::Dossier& d) {
                                    return core::StepFinishChange(
                                        testing::ShippedCalendar(),
                                        core::DomainRules(), d,
                                        Local(2025, 3, 13, 10, 0), {});
                                  })
                  .ok());
  v1::GetReportRequest r = District436March();
  r.set_breakdown(v1::GetReportRequest::AGENCY);
  v1::Report report;
  ASSERT_TRUE(Report(r, &report).ok());
  bool found = false;
  for (const v1::Form06Row& row : report.rows()) {
    if (row.key() == "H29.18073") {
      found = true;
      EXPECT_EQ(row.steps_late(), 1);
      EXPECT_EQ(row.received_total(), 0);  // its own dossiers: none
    }
    if (row.key() == "H29.18070") {
      EXPECT_EQ(row.steps_late(), 0);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(StatisticsTest, ExportSendsEveryDossierOnceInMessagesOfAtMost500) {
  // 4 of the scenario's dossiers were received in district 436 in March
  // (A came in February); 1,000 more.
  for (int i = 0; i < 1000; ++i) {
    ASSERT_TRUE(testing::Receive(*store_, world_, "H29.18070", "1.000894",
                                 core::Channel::kDirect,
                                 Local(2025, 3, 14, 8, 0) + absl::Seconds(i))
                    .ok());
  }
  v1::ExportDossiersRequest r;
  *r.mutable_scope() = District436March().scope();
  *r.mutable_period() = District436March().period();
  grpc::ClientContext c;
  c.AddMetadata("authorization", "Bearer " + admin_);
  auto reader = stub_->ExportDossiers(&c, r);
  v1::ExportDossiersResponse message;
  std::vector<int> sizes;
  std::vector<std::string> codes;
  while (reader->Read(&message)) {
    sizes.push_back(message.dossiers_size());
    for (const v1::Dossier& d : message.dossiers()) codes.push_back(d.code());
  }
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(sizes, (std::vector<int>{500, 500, 4}));
  std::vector<std::string> distinct = codes;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  EXPECT_EQ(distinct.size(), 1004u);
}

TEST_F(StatisticsTest, PeriodsAreValidated) {
  v1::GetReportRequest r = District436March();
  ToProto(absl::CivilDay(2025, 2, 1), r.mutable_period()->mutable_to());
  v1::Report report;
  grpc::Status s = Report(r, &report);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "period.to is before period.from");
}

}  // namespace
}  // namespace motcua::server

// Admin, catalogue and calendar services over loopback gRPC.
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "server/admin_service.h"
#include "server/api_codec.h"
#include "server/calendar_service.h"
#include "server/catalogue_service.h"
#include "server/dossier_service.h"
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

class ServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = *storage::OpenRocksDbStore(dir_.Sub("db"));
    for (int y = 2020; y <= 2027; ++y) {
      ASSERT_TRUE(store_->PutCalendarYear(ShippedYear(y)).ok());
    }
    app_ = *service::Application::Create(*store_, service::TimePolicy(),
                                         [this] { return now_; });
    admin_service_ = std::make_unique<AdminServiceImpl>(*app_);
    catalogue_service_ = std::make_unique<CatalogueServiceImpl>(*app_);
    calendar_service_ = std::make_unique<CalendarServiceImpl>(*app_);
    dossier_service_ = std::make_unique<DossierServiceImpl>(
        *app_, writers_, nullptr, lookups_, admission_);
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                             &port);
    builder.RegisterService(admin_service_.get());
    builder.RegisterService(catalogue_service_.get());
    builder.RegisterService(calendar_service_.get());
    builder.RegisterService(dossier_service_.get());
    server_ = builder.BuildAndStart();
    auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                       grpc::InsecureChannelCredentials());
    admin_ = v1::AdminService::NewStub(channel);
    catalogue_ = v1::CatalogueService::NewStub(channel);
    calendar_ = v1::CalendarService::NewStub(channel);
    dossiers_ = v1::DossierService::NewStub(channel);
    NewToken root = *GenerateToken({"root", core::Role::kAdmin, {}, {}}, now_);
    ASSERT_TRUE(store_->PutToken(root.stored).ok());
    root_ = root.secret;
  }
  void TearDown() override { server_->Shutdown(); }

  std::unique_ptr<grpc::ClientContext> As(const std::string& secret) {
    auto c = std::make_unique<grpc::ClientContext>();
    c->AddMetadata("authorization", "Bearer " + secret);
    return c;
  }
  v1::ImportCatalogueRequest WorldAsImport() {
    const testing::World w = testing::SmallProvince();
    v1::ImportCatalogueRequest r;
    for (const core::Unit& u : w.units) ToProto(u, r.add_units());
    for (const core::Agency& a : w.agencies) ToProto(a, r.add_agencies());
    for (const core::Field& f : w.fields) ToProto(f, r.add_fields());
    for (const core::Procedure& p : w.procedures)
      ToProto(p, r.add_procedures());
    return r;
  }
  std::string CreateDeskToken() {
    v1::CreateTokenRequest r;
    r.set_principal("desk-bac-ha");
    r.set_role(v1::Token::DESK);
    r.add_agency_codes("H29.18070");
    v1::CreateTokenResponse out;
    grpc::Status s = admin_->CreateToken(As(root_).get(), r, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out.secret();
  }

  testing::TempDir dir_;
  absl::Time now_ = Local(2026, 11, 20, 9, 0);
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<service::Application> app_;
  std::unique_ptr<AdminServiceImpl> admin_service_;
  std::unique_ptr<CatalogueServiceImpl> catalogue_service_;
  std::unique_ptr<CalendarServiceImpl> calendar_service_;
  WorkerPool writers_{4, 64};
  WorkerPool lookups_{2, 64};
  LookupAdmission admission_{4, 64, absl::Seconds(10)};
  std::unique_ptr<DossierServiceImpl> dossier_service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::AdminService::Stub> admin_;
  std::unique_ptr<v1::CatalogueService::Stub> catalogue_;
  std::unique_ptr<v1::CalendarService::Stub> calendar_;
  std::unique_ptr<v1::DossierService::Stub> dossiers_;
  std::string root_;
};

TEST_F(ServicesTest, CatalogueImportStoresGoodEntriesAndNamesBadOnes) {
  v1::ImportCatalogueRequest r = WorldAsImport();
  r.mutable_procedures(2)->set_online_level(7);
  r.mutable_units(0)->set_code("4");
  v1::ImportCatalogueResponse out;
  ASSERT_TRUE(catalogue_->ImportCatalogue(As(root_).get(), r, &out).ok());
  EXPECT_EQ(out.stored(), 8 + 7 + 4 + 10 - 2);
  ASSERT_EQ(out.refused_size(), 2);
  EXPECT_EQ(out.refused(0).kind(), "unit");
  EXPECT_EQ(out.refused(0).index(), 0);
  EXPECT_THAT(out.refused(0).reason(), HasSubstr("unit.code"));
  EXPECT_EQ(out.refused(1).kind(), "procedure");
  EXPECT_EQ(out.refused(1).index(), 2);
  EXPECT_THAT(out.refused(1).reason(), HasSubstr("online_level"));
}

TEST_F(ServicesTest, ProcedureListPagesWithACursor) {
  v1::ImportCatalogueResponse imported;
  ASSERT_TRUE(
      catalogue_->ImportCatalogue(As(root_).get(), WorldAsImport(), &imported)
          .ok());
  v1::ListCatalogueRequest r;
  r.set_page_size(4);
  std::vector<std::string> codes;
  do {
    v1::ListProceduresResponse page;
    ASSERT_TRUE(catalogue_->ListProcedures(As(root_).get(), r, &page).ok());
    for (const v1::Procedure& p : page.procedures()) codes.push_back(p.code());
    r.set_page_token(page.next_page_token());
  } while (!r.page_token().empty());
  EXPECT_EQ(codes.size(), 10u);
  EXPECT_TRUE(std::is_sorted(codes.begin(), codes.end()));
}

TEST_F(ServicesTest, TokensMadeByTheAdminWorkUntilRevoked) {
  v1::ImportCatalogueResponse imported;
  ASSERT_TRUE(
      catalogue_->ImportCatalogue(As(root_).get(), WorldAsImport(), &imported)
          .ok());
  const std::string desk = CreateDeskToken();
  v1::ReceiveDossierRequest r;
  r.set_agency_code("H29.18070");
  r.set_procedure_code("1.000894");
  r.set_channel(v1::DIRECT);
  r.mutable_applicant()->set_kind(v1::Applicant::PERSON);
  r.mutable_applicant()->set_name("Lê Văn C");
  r.mutable_applicant()->set_id_number("042088001111");
  v1::Receipt receipt;
  grpc::Status s = dossiers_->ReceiveDossier(As(desk).get(), r, &receipt);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(receipt.dossier().code(), "H29.18070-261120-0001");

  v1::ListTokensResponse tokens;
  ASSERT_TRUE(admin_->ListTokens(As(root_).get(), {}, &tokens).ok());
  ASSERT_EQ(tokens.tokens_size(), 2);
  std::string desk_id;
  for (const v1::Token& t : tokens.tokens()) {
    if (t.principal() == "desk-bac-ha") desk_id = t.id();
  }
  v1::RevokeTokenRequest revoke;
  revoke.set_id(desk_id);
  v1::Token revoked;
  ASSERT_TRUE(admin_->RevokeToken(As(root_).get(), revoke, &revoked).ok());
  EXPECT_TRUE(revoked.has_revoked_at());
  EXPECT_EQ(dossiers_->ReceiveDossier(As(desk).get(), r, &receipt).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ServicesTest, OnlyAdminsChangeCatalogueCalendarAndTokens) {
  v1::ImportCatalogueResponse imported;
  ASSERT_TRUE(
      catalogue_->ImportCatalogue(As(root_).get(), WorldAsImport(), &imported)
          .ok());
  const std::string desk = CreateDeskToken();
  v1::CreateTokenRequest t;
  t.set_principal("sneaky");
  t.set_role(v1::Token::ADMIN);
  v1::CreateTokenResponse created;
  EXPECT_EQ(admin_->CreateToken(As(desk).get(), t, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::PutFieldRequest f;
  f.mutable_field()->set_code("NEW");
  f.mutable_field()->set_name("Lĩnh vực mới");
  v1::Field field;
  EXPECT_EQ(catalogue_->PutField(As(desk).get(), f, &field).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::PutCalendarYearRequest y;
  ToProto(ShippedYear(2026), y.mutable_year());
  v1::CalendarYear year;
  EXPECT_EQ(calendar_->PutCalendarYear(As(desk).get(), y, &year).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListFieldsResponse fields;
  ASSERT_TRUE(catalogue_->ListFields(As(desk).get(), {}, &fields).ok());
  EXPECT_EQ(fields.fields_size(), 4);  // the world's, and no "NEW"
}

TEST_F(ServicesTest, DeskTokenNeedsAgenciesAndViewerTokenAUnit) {
  v1::CreateTokenRequest t;
  t.set_principal("desk");
  t.set_role(v1::Token::DESK);
  v1::CreateTokenResponse out;
  grpc::Status s = admin_->CreateToken(As(root_).get(), t, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("agency_codes"));
  t.set_role(v1::Token::VIEWER);
  s = admin_->CreateToken(As(root_).get(), t, &out);
  EXPECT_THAT(s.error_message(), HasSubstr("unit"));
}

TEST_F(ServicesTest, ReplacingACalendarYearMovesPreviewsAtOnce) {
  v1::ImportCatalogueResponse imported;
  ASSERT_TRUE(
      catalogue_->ImportCatalogue(As(root_).get(), WorldAsImport(), &imported)
          .ok());
  v1::PreviewDueDateRequest preview;
  preview.set_procedure_code("1.000656");  // death registration: 1 day
  ToProto(Local(2026, 11, 23, 9, 0), preview.mutable_received_at());
  v1::PreviewDueDateResponse before, after;
  ASSERT_TRUE(
      calendar_->PreviewDueDate(As(root_).get(), preview, &before).ok());
  EXPECT_EQ(before.due_date().day(), 24);
  // The administrator adds Vietnamese Culture Day, Tue 24 Nov 2026.
  core::CalendarYear y2026 = ShippedYear(2026);
  y2026.days_off.push_back({absl::CivilDay(2026, 11, 24),
                            absl::CivilDay(2026, 11, 24),
                            "Vietnamese Culture Day"});
  v1::PutCalendarYearRequest put;
  ToProto(y2026, put.mutable_year());
  v1::CalendarYear stored;
  ASSERT_TRUE(calendar_->PutCalendarYear(As(root_).get(), put, &stored).ok());
  ASSERT_TRUE(calendar_->PreviewDueDate(As(root_).get(), preview, &after).ok());
  EXPECT_EQ(after.due_date().day(), 25);
  EXPECT_FALSE(after.provisional());
}

TEST_F(ServicesTest, SettingsRoundTripAndVerifyReportsAConsistentStore) {
  v1::Settings settings;
  ASSERT_TRUE(calendar_->GetSettings(As(root_).get(), {}, &settings).ok());
  EXPECT_EQ(settings.supplement_rule(), v1::Settings::PAUSE);
  settings.set_supplement_rule(v1::Settings::RESTART);
  v1::UpdateSettingsRequest update;
  *update.mutable_settings() = settings;
  v1::Settings stored;
  ASSERT_TRUE(calendar_->UpdateSettings(As(root_).get(), update, &stored).ok());
  EXPECT_EQ(app_->domain().Get()->rules.supplement,
            core::SupplementRule::kRestart);
  v1::VerifyStoreResponse report;
  ASSERT_TRUE(admin_->VerifyStore(As(root_).get(), {}, &report).ok());
  EXPECT_EQ(report.counter_differences(), 0);
  EXPECT_EQ(report.index_differences(), 0);
}

}  // namespace
}  // namespace motcua::server

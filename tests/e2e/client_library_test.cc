// End to end through the client library: the real motcua-server binary,
// every status, an inter-agency dossier, an apology and malformed input.
#include <fstream>

#include "client/motcua_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using ::testing::HasSubstr;
using Stub = v1::DossierService::Stub;

client::ClientOptions To(const std::string& address, const std::string& token) {
  client::ClientOptions o;
  o.address = address;
  o.token = token;
  return o;
}

class ClientLibrary : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"), DemoFlags());
    ASSERT_TRUE(server_->started()) << server_->output();
    const std::string admin = ReadAdminToken(dir_.Sub("data"));
    client::Client root(To(server_->address(), admin));
    v1::CreateTokenRequest t;
    t.set_principal("desk-bac-ha");
    t.set_role(v1::Token::DESK);
    t.add_agency_codes("H29.18070");
    absl::StatusOr<v1::CreateTokenResponse> desk =
        root.Call(&v1::AdminService::Stub::CreateToken, *root.admin(), t);
    ASSERT_TRUE(desk.ok()) << desk.status();
    t.set_principal("desk-nam-ha");
    t.clear_agency_codes();
    t.add_agency_codes("H29.18073");
    absl::StatusOr<v1::CreateTokenResponse> other =
        root.Call(&v1::AdminService::Stub::CreateToken, *root.admin(), t);
    ASSERT_TRUE(other.ok());
    desk_ = std::make_unique<client::Client>(
        To(server_->address(), desk->secret()));
    other_ = std::make_unique<client::Client>(
        To(server_->address(), other->secret()));
  }
  v1::Applicant Applicant() {
    v1::Applicant a;
    a.set_kind(v1::Applicant::PERSON);
    a.set_name("Phạm Văn D");
    a.set_id_number("042095002222");
    return a;
  }
  std::string Receive() {
    v1::ReceiveDossierRequest r;
    r.set_agency_code("H29.18070");
    r.set_procedure_code("1.000894");
    r.set_channel(v1::POSTAL);
    *r.mutable_applicant() = Applicant();
    absl::StatusOr<v1::Receipt> receipt =
        desk_->Call(&Stub::ReceiveDossier, *desk_->dossiers(), r);
    EXPECT_TRUE(receipt.ok()) << receipt.status();
    return receipt.ok() ? receipt->dossier().code() : "";
  }
  absl::StatusOr<v1::Dossier> Move(
      client::Client& c, const std::string& code, v1::DossierStatus to,
      v1::Outcome outcome = v1::OUTCOME_UNSPECIFIED) {
    v1::ChangeDossierStatusRequest r;
    r.set_code(code);
    r.set_status(to);
    r.set_outcome(outcome);
    return c.Call(&Stub::ChangeDossierStatus, *c.dossiers(), r);
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<client::Client> desk_, other_;
};

TEST_F(ClientLibrary, EveryStatusIsReachable) {
  // 1 -> 3: an online submission not accepted.
  v1::SubmitDossierRequest submit;
  submit.set_agency_code("H29.18070");
  submit.set_procedure_code("1.001193");
  *submit.mutable_applicant() = Applicant();
  absl::StatusOr<v1::Dossier> online =
      desk_->Call(&Stub::SubmitDossier, *desk_->dossiers(), submit);
  ASSERT_TRUE(online.ok()) << online.status();
  EXPECT_EQ(online->status(), v1::SUBMITTED);
  EXPECT_EQ(Move(*desk_, online->code(), v1::NOT_ACCEPTED)->status(),
            v1::NOT_ACCEPTED);
  // 2 -> 4 -> 6 -> 4 -> 8: stopped after a fee.
  const std::string stopped = Receive();
  ASSERT_TRUE(Move(*desk_, stopped, v1::PROCESSING).ok());
  ASSERT_TRUE(Move(*desk_, stopped, v1::AWAITING_FINANCIAL_OBLIGATION).ok());
  ASSERT_TRUE(Move(*desk_, stopped, v1::PROCESSING).ok());
  EXPECT_EQ(Move(*desk_, stopped, v1::STOPPED)->status(), v1::STOPPED);
  // 2 -> 4 -> 5 -> 7: withdrawn while waiting for a supplement.
  const std::string withdrawn = Receive();
  ASSERT_TRUE(Move(*desk_, withdrawn, v1::PROCESSING).ok());
  ASSERT_TRUE(Move(*desk_, withdrawn, v1::AWAITING_SUPPLEMENT).ok());
  absl::StatusOr<v1::Dossier> w = Move(*desk_, withdrawn, v1::WITHDRAWN);
  ASSERT_TRUE(w.ok());
  EXPECT_TRUE(w->has_finished_at());
  // 2 -> 9 -> 10: resolved (refused) at once and returned.
  const std::string quick = Receive();
  ASSERT_TRUE(Move(*desk_, quick, v1::RESOLVED, v1::REFUSED).ok());
  absl::StatusOr<v1::Dossier> returned = Move(*desk_, quick, v1::RETURNED);
  ASSERT_TRUE(returned.ok());
  EXPECT_EQ(returned->outcome(), v1::REFUSED);
  EXPECT_EQ(returned->timeliness(), v1::EARLY);
}

TEST_F(ClientLibrary, InterAgencyDossierAndApology) {
  const std::string code = Receive();
  ASSERT_TRUE(Move(*desk_, code, v1::PROCESSING).ok());
  v1::HandDossierToAgencyRequest hand;
  hand.set_code(code);
  hand.set_agency_code("H29.18073");
  hand.mutable_allotted()->set_amount(8);
  hand.mutable_allotted()->set_unit(v1::WORKING_HOURS);
  absl::StatusOr<v1::Dossier> handed =
      desk_->Call(&Stub::HandDossierToAgency, *desk_->dossiers(), hand);
  ASSERT_TRUE(handed.ok()) << handed.status();
  v1::FinishDossierStepRequest finish;
  finish.set_code(code);
  absl::StatusOr<v1::Dossier> finished =
      other_->Call(&Stub::FinishDossierStep, *other_->dossiers(), finish);
  ASSERT_TRUE(finished.ok()) << finished.status();
  EXPECT_EQ(finished->steps(0).timeliness(), v1::EARLY);
  v1::ApologizeForDossierRequest apology;
  apology.set_code(code);
  apology.mutable_new_due_at()->set_seconds(finished->due_at().seconds() +
                                            7 * 24 * 3600);
  absl::StatusOr<v1::Dossier> sorry =
      desk_->Call(&Stub::ApologizeForDossier, *desk_->dossiers(), apology);
  ASSERT_TRUE(sorry.ok()) << sorry.status();
  EXPECT_EQ(sorry->apology_count(), 1);
  EXPECT_EQ(sorry->due_at().seconds(), finished->due_at().seconds());
  v1::GetDossierRequest get;
  get.set_code(code);
  absl::StatusOr<v1::DossierWithHistory> history =
      desk_->Call(&Stub::GetDossier, *desk_->dossiers(), get);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->history_size(), 5);
  EXPECT_EQ(history->history(2).kind(), v1::DossierEvent::STEP_STARTED);
  EXPECT_EQ(history->history(3).principal(), "desk-nam-ha");
  EXPECT_EQ(history->history(4).kind(), v1::DossierEvent::APOLOGY);
}

TEST_F(ClientLibrary, MalformedMissingAndOutOfRangeFields) {
  v1::ReceiveDossierRequest r;
  r.set_agency_code("H29.18070");
  r.set_procedure_code("1.000894");
  r.set_channel(v1::DIRECT);
  absl::StatusOr<v1::Receipt> receipt =
      desk_->Call(&Stub::ReceiveDossier, *desk_->dossiers(), r);
  EXPECT_EQ(receipt.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(receipt.status().message()),
              HasSubstr("applicant.kind"));
  *r.mutable_applicant() = Applicant();
  r.mutable_write()->set_request_id(std::string(200, 'x'));
  receipt = desk_->Call(&Stub::ReceiveDossier, *desk_->dossiers(), r);
  EXPECT_THAT(std::string(receipt.status().message()),
              HasSubstr("write.request_id"));
  r.mutable_write()->clear_request_id();
  r.mutable_write()->mutable_occurred_at()->set_nanos(2000000000);
  receipt = desk_->Call(&Stub::ReceiveDossier, *desk_->dossiers(), r);
  EXPECT_THAT(std::string(receipt.status().message()),
              HasSubstr("write.occurred_at"));
  v1::ListDossiersRequest list;
  list.mutable_scope()->set_kind(v1::Scope::AGENCY);
  list.mutable_scope()->set_code("H29.18070");
  list.set_page_size(5000);
  absl::StatusOr<v1::ListDossiersResponse> page =
      desk_->Call(&Stub::ListDossiers, *desk_->dossiers(), list);
  EXPECT_EQ(page.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(page.status().message()), HasSubstr("page_size"));
}

}  // namespace
}  // namespace motcua::testing

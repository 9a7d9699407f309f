// Issue 14's findings, each tried against the real motcua-server binary as
// an attacker would, and shown refused (finding 1, memory under half-sent
// requests, is tests/e2e/slow_body_attack.py).
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/motcua_client.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Dossiers = v1::DossierService::Stub;
using Admin = v1::AdminService::Stub;

client::ClientOptions To(const std::string& address, const std::string& token) {
  client::ClientOptions o;
  o.address = address;
  o.token = token;
  return o;
}

class Security : public ::testing::Test {
 protected:
  void Start(std::vector<std::string> extra = {}) {
    for (std::string& flag : DemoFlags()) extra.push_back(std::move(flag));
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"), extra);
    ASSERT_TRUE(server_->started()) << server_->output();
    admin_secret_ = ReadAdminToken(dir_.Sub("data"));
    admin_ = Client(admin_secret_);
  }
  std::unique_ptr<client::Client> Client(const std::string& secret) {
    return std::make_unique<client::Client>(To(server_->address(), secret));
  }
  // A new token's secret (and its id in `id`).
  std::string Token(const std::string& principal, v1::Token::Role role,
                    const std::string& agency = "", std::string* id = nullptr) {
    v1::CreateTokenRequest t;
    t.set_principal(principal);
    t.set_role(role);
    if (!agency.empty()) t.add_agency_codes(agency);
    if (role == v1::Token::VIEWER) {
      t.mutable_unit()->set_kind(v1::Scope::DISTRICT);
      t.mutable_unit()->set_code("436");
    }
    absl::StatusOr<v1::CreateTokenResponse> r =
        admin_->Call(&Admin::CreateToken, *admin_->admin(), t);
    EXPECT_TRUE(r.ok()) << r.status();
    if (id != nullptr && r.ok()) *id = r->token().id();
    return r.ok() ? r->secret() : "";
  }
  static v1::ReceiveDossierRequest Reception(const std::string& request_id) {
    v1::ReceiveDossierRequest r;
    r.set_agency_code("H29.18070");
    r.set_procedure_code("1.000894");
    r.set_channel(v1::DIRECT);
    r.mutable_applicant()->set_kind(v1::Applicant::PERSON);
    r.mutable_applicant()->set_name("Trần Thị B");
    r.mutable_applicant()->set_id_number("042190005678");
    r.mutable_write()->set_request_id(request_id);
    return r;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_secret_;
  std::unique_ptr<client::Client> admin_;
};

// Finding 2: one client guessing identity numbers is stopped by the rate
// per address, and the failed guesses all look alike.
TEST_F(Security, PublicLookupIsRateLimitedPerAddress) {
  Start({"--lookups_per_minute_per_address=5",
         "--lookups_per_hour_per_code=100"});
  auto desk = Client(Token("desk", v1::Token::DESK, "H29.18070"));
  absl::StatusOr<v1::Receipt> receipt =
      desk->Call(&Dossiers::ReceiveDossier, *desk->dossiers(), Reception(""));
  ASSERT_TRUE(receipt.ok()) << receipt.status();
  auto anyone = Client("");
  v1::LookupDossierStatusRequest guess;
  guess.set_code(receipt->dossier().code());
  std::vector<absl::Status> answers;
  for (int i = 0; i < 8; ++i) {
    guess.set_applicant_id_number(absl::StrCat("04219000", 1000 + i));
    answers.push_back(
        anyone->Call(&Dossiers::LookupDossierStatus, *anyone->dossiers(), guess)
            .status());
  }
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(answers[i].code(), absl::StatusCode::kNotFound) << i;
    EXPECT_EQ(answers[i].message(),
              "no dossier with that code and applicant identity number");
  }
  for (int i = 5; i < 8; ++i) {
    EXPECT_EQ(answers[i].code(), absl::StatusCode::kResourceExhausted) << i;
    EXPECT_THAT(answers[i].message(),
                HasSubstr("too many lookups from this address"));
  }
}

// Finding 2: many addresses guessing one known code are stopped by the rate
// per code (the loopback client stands for all of them).
TEST_F(Security, PublicLookupIsRateLimitedPerCode) {
  Start({"--lookups_per_minute_per_address=1000",
         "--lookups_per_hour_per_code=3"});
  auto anyone = Client("");
  v1::LookupDossierStatusRequest guess;
  guess.set_code("H29.18070-250101-0001");
  guess.set_applicant_id_number("042190005678");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(
        anyone->Call(&Dossiers::LookupDossierStatus, *anyone->dossiers(), guess)
            .status()
            .code(),
        absl::StatusCode::kNotFound);
  }
  absl::Status fourth =
      anyone->Call(&Dossiers::LookupDossierStatus, *anyone->dossiers(), guess)
          .status();
  EXPECT_EQ(fourth.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(fourth.message(), HasSubstr("this dossier code"));
  // Another code is still answered.
  guess.set_code("H29.18070-250101-0002");
  EXPECT_EQ(
      anyone->Call(&Dossiers::LookupDossierStatus, *anyone->dossiers(), guess)
          .status()
          .code(),
      absl::StatusCode::kNotFound);
}

// Finding 3: an IMPORT token cannot spend a desk's numbers of today (or of
// a day to come), nor import a code whose date is not its reception day.
TEST_F(Security, ImportCannotTakeTheLiveNumbering) {
  Start();
  auto importer = Client(Token("migration", v1::Token::IMPORT));
  const absl::TimeZone vn = absl::FixedTimeZone(7 * 3600);
  const absl::Time just_now = absl::Now() - absl::Seconds(1);
  const absl::CivilDay today = absl::ToCivilDay(just_now, vn);
  auto code_of = [](absl::CivilDay d, int n) {
    return absl::StrFormat("H29.18070-%02d%02d%02d-%04d", d.year() % 100,
                           d.month(), d.day(), n);
  };
  auto line = [](const std::string& code, absl::Time created) {
    v1::HistoricalDossier h;
    h.set_code(code);
    h.set_agency_code("H29.18070");
    h.set_procedure_code("1.000894");
    h.set_channel(v1::DIRECT);
    h.mutable_applicant()->set_kind(v1::Applicant::PERSON);
    h.mutable_applicant()->set_name("Hoàng Thị E");
    h.mutable_applicant()->set_id_number("042100003333");
    h.mutable_created_at()->set_seconds(absl::ToUnixSeconds(created));
    return h;
  };
  v1::ImportDossiersRequest r;
  *r.add_dossiers() = line(code_of(today, 9999), just_now);
  *r.add_dossiers() = line(code_of(today + 1, 9999),
                           absl::FromCivil(absl::CivilSecond(today - 300), vn));
  *r.add_dossiers() = line(code_of(today - 30, 5),
                           absl::FromCivil(absl::CivilSecond(today - 31), vn));
  absl::StatusOr<v1::ImportDossiersResponse> out =
      importer->Call(&Dossiers::ImportDossiers, *importer->dossiers(), r);
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->results_size(), 3);
  EXPECT_EQ(out->refused(), 3);
  EXPECT_THAT(out->results(0).reason(), HasSubstr("today's and later numbers"));
  EXPECT_THAT(out->results(1).reason(), HasSubstr("is neither the day"));
  EXPECT_THAT(out->results(2).reason(), HasSubstr("is neither the day"));
  // The desk still numbers today from 0001.
  auto desk = Client(Token("desk", v1::Token::DESK, "H29.18070"));
  absl::StatusOr<v1::Receipt> receipt =
      desk->Call(&Dossiers::ReceiveDossier, *desk->dossiers(), Reception(""));
  ASSERT_TRUE(receipt.ok()) << receipt.status();
  EXPECT_EQ(receipt->dossier().code(), code_of(today, 1));
}

// Finding 3: imports obey the live limits (notes, principals, events).
TEST_F(Security, ImportObeysTheLimitsOfLiveWrites) {
  Start();
  auto importer = Client(Token("migration", v1::Token::IMPORT));
  v1::HistoricalDossier h;
  h.set_code("H29.18070-250303-0101");
  h.set_agency_code("H29.18070");
  h.set_procedure_code("1.000894");
  h.set_channel(v1::DIRECT);
  h.mutable_applicant()->set_kind(v1::Applicant::PERSON);
  h.mutable_applicant()->set_name("Hoàng Thị E");
  h.mutable_applicant()->set_id_number("042100003333");
  h.mutable_created_at()->set_seconds(1740967200);  // 2025-03-03 09:00 +07
  v1::ImportDossiersRequest r;
  v1::HistoricalDossier long_note = h;
  v1::HistoricalEvent* e = long_note.add_events();
  e->mutable_at()->set_seconds(1740970800);
  e->set_status(v1::PROCESSING);
  e->set_note(std::string(3000, 'x'));
  *r.add_dossiers() = long_note;
  v1::HistoricalDossier long_principal = h;
  long_principal.set_principal(std::string(1000, 'p'));
  *r.add_dossiers() = long_principal;
  v1::HistoricalDossier many = h;
  for (int i = 0; i < 250; ++i) {
    v1::HistoricalEvent* a = many.add_events();
    a->mutable_at()->set_seconds(1740970800 + i);
    a->mutable_apology_new_due_at()->set_seconds(1750000000 + i);
  }
  *r.add_dossiers() = many;
  absl::StatusOr<v1::ImportDossiersResponse> out =
      importer->Call(&Dossiers::ImportDossiers, *importer->dossiers(), r);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->refused(), 3);
  EXPECT_THAT(out->results(0).reason(),
              HasSubstr("events[0].note must have at most 2000 bytes"));
  EXPECT_THAT(out->results(1).reason(),
              HasSubstr("principal must have at most 100 bytes"));
  EXPECT_THAT(out->results(2).reason(),
              HasSubstr("a history holds at most 199 events"));
}

// Finding 4: another token of the same principal name, replaying a DESK's
// exact request, gets no answer (and so no personal data).
TEST_F(Security, ARetryIsAnsweredOnlyToTheTokenThatMadeIt) {
  Start();
  auto desk = Client(Token("desk-bac-ha", v1::Token::DESK, "H29.18070"));
  absl::StatusOr<v1::Receipt> first = desk->Call(
      &Dossiers::ReceiveDossier, *desk->dossiers(), Reception("req-1"));
  ASSERT_TRUE(first.ok()) << first.status();
  // A VIEWER token with the desk's principal name replays the request.
  auto viewer = Client(Token("desk-bac-ha", v1::Token::VIEWER));
  absl::StatusOr<v1::Receipt> replay = viewer->Call(
      &Dossiers::ReceiveDossier, *viewer->dossiers(), Reception("req-1"));
  EXPECT_EQ(replay.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(replay.status().message()), Not(HasSubstr("Trần")));
  // The desk's own retry still gets the first answer.
  absl::StatusOr<v1::Receipt> again = desk->Call(
      &Dossiers::ReceiveDossier, *desk->dossiers(), Reception("req-1"));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->dossier().code(), first->dossier().code());
  EXPECT_EQ(again->dossier().applicant().id_number(), "042190005678");
}

// Finding 5: another agency's desk cannot tell an existing code from a
// missing one.
TEST_F(Security, DenialsAreTheSameWhetherTheDossierExists) {
  Start();
  auto desk = Client(Token("desk-bac-ha", v1::Token::DESK, "H29.18070"));
  auto other = Client(Token("desk-nam-ha", v1::Token::DESK, "H29.18073"));
  absl::StatusOr<v1::Receipt> receipt =
      desk->Call(&Dossiers::ReceiveDossier, *desk->dossiers(), Reception(""));
  ASSERT_TRUE(receipt.ok()) << receipt.status();
  const std::string existing = receipt->dossier().code();
  std::string missing = existing;
  missing.back() = missing.back() == '9' ? '8' : '9';
  for (const std::string& code : {existing, missing}) {
    v1::GetDossierRequest get;
    get.set_code(code);
    absl::Status read =
        other->Call(&Dossiers::GetDossier, *other->dossiers(), get).status();
    EXPECT_EQ(read.code(), absl::StatusCode::kPermissionDenied) << code;
    EXPECT_EQ(read.message(),
              absl::StrCat("this token may not read dossier ", code));
    v1::ChangeDossierStatusRequest change;
    change.set_code(code);
    change.set_status(v1::PROCESSING);
    absl::Status write =
        other->Call(&Dossiers::ChangeDossierStatus, *other->dossiers(), change)
            .status();
    EXPECT_EQ(write.code(), absl::StatusCode::kPermissionDenied) << code;
    EXPECT_EQ(write.message(),
              absl::StrCat("this token may not change dossier ", code));
  }
}

// Finding 6: the data folder and the token file are the server's alone; a
// folder others may read is refused; a link planted as the token file is
// replaced, not written through.
TEST_F(Security, FilesAreOwnerOnlyAndLinksAreNotFollowed) {
  const std::string data = dir_.Sub("data");
  std::filesystem::create_directories(data);
  std::filesystem::permissions(data, std::filesystem::perms::owner_all);
  const std::string victim = dir_.Sub("victim");
  std::ofstream(victim) << "do not touch\n";
  std::filesystem::create_symlink(victim, data + "/initial-admin-token");
  Start();
  std::string text;
  std::getline(std::ifstream(victim), text);
  EXPECT_EQ(text, "do not touch");
  struct stat st;
  ASSERT_EQ(lstat((data + "/initial-admin-token").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600);
  ASSERT_EQ(stat(data.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700);
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(data)) {
    ASSERT_EQ(lstat(entry.path().c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 077, 0) << entry.path();
  }
  server_->Stop();

  const std::string shared = dir_.Sub("shared");
  std::filesystem::create_directories(shared);
  std::filesystem::permissions(shared, std::filesystem::perms::owner_all |
                                           std::filesystem::perms::group_read |
                                           std::filesystem::perms::group_exec |
                                           std::filesystem::perms::others_read |
                                           std::filesystem::perms::others_exec);
  CommandResult refused =
      RunCommand({MOTCUA_SERVER_BINARY, "--listen=127.0.0.1:0",
                  "--http_listen=", "--data_dir=" + shared});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("is open to other users (mode 0755)"));
}

// Finding 7: a megabyte field is not echoed back; a history cannot grow
// without bound.
TEST_F(Security, ErrorsQuoteLittleAndHistoriesAreBounded) {
  Start();
  auto desk = Client(Token("desk-bac-ha", v1::Token::DESK, "H29.18070"));
  v1::ReceiveDossierRequest big = Reception("");
  big.set_procedure_code(std::string(500000, 'x'));
  absl::Status refused =
      desk->Call(&Dossiers::ReceiveDossier, *desk->dossiers(), big).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(refused.message()), HasSubstr("procedure_code"));
  EXPECT_LT(refused.message().size(), 400u);

  absl::StatusOr<v1::Receipt> receipt =
      desk->Call(&Dossiers::ReceiveDossier, *desk->dossiers(), Reception(""));
  ASSERT_TRUE(receipt.ok()) << receipt.status();
  v1::ApologizeForDossierRequest apology;
  apology.set_code(receipt->dossier().code());
  absl::Status last;
  int accepted = 0;
  for (int i = 0; i < 260 && (last.ok()); ++i) {
    apology.mutable_new_due_at()->set_seconds(absl::ToUnixSeconds(absl::Now()) +
                                              86400 * 30 + i * 60);
    last =
        desk->Call(&Dossiers::ApologizeForDossier, *desk->dossiers(), apology)
            .status();
    if (last.ok()) ++accepted;
  }
  EXPECT_EQ(accepted, 199);  // the reception is event 1 of at most 200
  EXPECT_EQ(last.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(last.message()), HasSubstr("most events"));
}

// Finding 8: tokens only for what exists; identity numbers of a real
// document; printable names.
TEST_F(Security, SmallGapsAreClosed) {
  Start();
  v1::CreateTokenRequest t;
  t.set_principal("ghost-desk");
  t.set_role(v1::Token::DESK);
  t.add_agency_codes("H99.00000");
  absl::Status ghost =
      admin_->Call(&Admin::CreateToken, *admin_->admin(), t).status();
  EXPECT_EQ(ghost.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(ghost.message()), HasSubstr("not in the catalogue"));

  auto desk = Client(Token("desk-bac-ha", v1::Token::DESK, "H29.18070"));
  v1::ReceiveDossierRequest one = Reception("");
  one.mutable_applicant()->set_id_number("1");
  absl::Status id =
      desk->Call(&Dossiers::ReceiveDossier, *desk->dossiers(), one).status();
  EXPECT_EQ(id.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(id.message()),
              HasSubstr("applicant.id_number must be"));

  v1::ReceiveDossierRequest escape = Reception("");
  escape.mutable_applicant()->set_name("Trần\x1b[2J Thị B");
  absl::Status name =
      desk->Call(&Dossiers::ReceiveDossier, *desk->dossiers(), escape).status();
  EXPECT_EQ(name.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(name.message()),
              HasSubstr("applicant.name must not contain control characters"));
}

}  // namespace
}  // namespace motcua::testing

namespace motcua::testing {
namespace {

// Finding 8: a period the service holds no figures for is refused naming
// the field.
TEST_F(Security, APeriodBeforeTheFirstFiguresNamesItsField) {
  Start();
  v1::GetRatesRequest r;
  r.mutable_scope()->set_kind(v1::Scope::DEPLOYMENT);
  r.mutable_period()->mutable_from()->set_year(1972);
  r.mutable_period()->mutable_from()->set_month(1);
  r.mutable_period()->mutable_from()->set_day(1);
  r.mutable_period()->mutable_to()->set_year(1972);
  r.mutable_period()->mutable_to()->set_month(12);
  r.mutable_period()->mutable_to()->set_day(31);
  absl::Status s = admin_
                       ->Call(&v1::StatisticsService::Stub::GetRates,
                              *admin_->statistics(), r)
                       .status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "period.from must be after 2000-01-01 (the service holds no "
            "figures before it)");
}

}  // namespace
}  // namespace motcua::testing

// End to end: the real motcua-server binary on 127.0.0.1:0, driven by the
// real motcua CLI.
#include <fstream>
#include <future>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "tests/e2e/process_testing.h"
#include "tests/e2e/reflection_call.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using ::testing::HasSubstr;

class ServerCli : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }
  void Start() {
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"), DemoFlags());
    ASSERT_TRUE(server_->started()) << server_->output();
    admin_ = ReadAdminToken(dir_.Sub("data"));
  }
  CommandResult Cli(std::vector<std::string> args,
                    const std::string& token = "") {
    return RunCli(server_->address(), token.empty() ? admin_ : token,
                  std::move(args));
  }
  // A token made through the CLI (`motcua token create ARGS`): its secret.
  std::string NewToken(const std::vector<std::string>& args) {
    std::vector<std::string> command = {"token", "create"};
    command.insert(command.end(), args.begin(), args.end());
    CommandResult r = Cli(command);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const std::string kSecret = "secret (shown once): ";
    const size_t at = r.out.find(kSecret);
    if (at == std::string::npos) return "";
    const size_t from = at + kSecret.size();
    return r.out.substr(from, r.out.find('\n', from) - from);
  }
  // A DESK token for Bắc Hà.
  std::string DeskToken() {
    return NewToken(
        {"--principal=desk-bac-ha", "--role=DESK", "--agency=H29.18070"});
  }
  std::string Receive(const std::string& token, const std::string& extra = "") {
    std::vector<std::string> args = {"dossier",
                                     "receive",
                                     "--agency=H29.18070",
                                     "--procedure=1.000894",
                                     "--name=Trần Thị B",
                                     "--id-number=042190005678",
                                     "--json"};
    if (!extra.empty()) args.push_back(extra);
    CommandResult r = Cli(args, token);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const size_t at = r.out.find("\"code\": \"");
    return r.out.substr(at + 9, r.out.find('"', at + 9) - at - 9);
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_;
};

TEST_F(ServerCli, FirstStartTellsTheAdminTokenOnce) {
  EXPECT_THAT(server_->output(), HasSubstr("administrator token"));
  EXPECT_THAT(server_->output(), HasSubstr(admin_));
  EXPECT_EQ(admin_.rfind("mc_", 0), 0u);
  EXPECT_EQ(server_->Stop(), 0);
  Start();
  EXPECT_THAT(server_->output(), ::testing::Not(HasSubstr("administrator")));
}

TEST_F(ServerCli, HealthServiceAnswersServing) {
  auto channel = grpc::CreateChannel(server_->address(),
                                     grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  grpc::ByteBuffer request, response;
  grpc::Slice empty("", 0);
  request = grpc::ByteBuffer(&empty, 1);
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response,
                 [&](grpc::Status s) { done.set_value(s); });
  ASSERT_TRUE(done.get_future().get().ok());
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& s : slices) {
    bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  EXPECT_EQ(bytes, std::string("\x08\x01"));  // status: SERVING
}

// Server reflection, to token holders (it tells the whole API's schema).
TEST_F(ServerCli, ReflectionListsTheApiServicesToATokenHolder) {
  const ReflectionAnswer answer =
      ListServicesByReflection(server_->address(), admin_);
  ASSERT_TRUE(answer.status.ok()) << answer.status.error_message();
  EXPECT_THAT(answer.bytes, HasSubstr("motcua.v1.DossierService"));
  EXPECT_THAT(answer.bytes, HasSubstr("grpc.health.v1.Health"));
}

TEST_F(ServerCli, ReflectionWithoutATokenIsUnauthenticated) {
  const ReflectionAnswer answer =
      ListServicesByReflection(server_->address(), "");
  EXPECT_EQ(answer.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(answer.status.error_message(),
            "missing 'authorization: Bearer <token>' metadata");
}

TEST_F(ServerCli, DossierLifeThroughTheCli) {
  const std::string desk = DeskToken();
  const std::string code = Receive(desk);
  EXPECT_THAT(code, HasSubstr("H29.18070-"));
  for (const char* status :
       {"PROCESSING", "AWAITING_SUPPLEMENT", "PROCESSING"}) {
    CommandResult r = Cli({"dossier", "status", code, status}, desk);
    ASSERT_EQ(r.exit_code, 0) << status << ": " << r.err;
  }
  CommandResult r =
      Cli({"dossier", "status", code, "RESOLVED", "--outcome=GRANTED"}, desk);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"dossier", "status", code, "RETURNED"}, desk);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"dossier", "get", code}, desk);
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("RETURNED"));
  EXPECT_THAT(r.out, HasSubstr("desk-bac-ha"));
  r = Cli({"store", "verify"});
  EXPECT_THAT(r.out, HasSubstr("counters 0, indexes 0, histories 0"));
}

TEST_F(ServerCli, IllegalTransitionExitsOneWithTheServersMessage) {
  const std::string desk = DeskToken();
  const std::string code = Receive(desk);
  CommandResult r = Cli({"dossier", "status", code, "RETURNED"}, desk);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("FAILED_PRECONDITION: illegal transition from "
                               "RECEIVED (2) to RETURNED (10)"));
}

TEST_F(ServerCli, CommandLineMistakesExitTwo) {
  CommandResult r = Cli({"dossier", "receive", "--agencyy=H29.18070"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown option --agencyy"));
  r = Cli({"dossier", "list", "--scope=planet:earth"});
  EXPECT_EQ(r.exit_code, 2);
  r = Cli({"dossier", "status", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("RESOLVED (needs --outcome)"));
}

TEST_F(ServerCli, RolesAllowedAndDenied) {
  const std::string desk = DeskToken();
  const std::string viewer =
      NewToken({"--principal=dash", "--role=VIEWER", "--unit=district:440"});
  ASSERT_FALSE(viewer.empty());
  const std::string code = Receive(desk);
  CommandResult r;
  // A viewer of another district can neither read nor write it.
  r = Cli({"dossier", "get", code}, viewer);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
  r = Cli({"dossier", "status", code, "PROCESSING"}, viewer);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
  // A desk cannot make tokens; a bad token is unauthenticated.
  r = Cli({"token", "list"}, desk);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
  r = Cli({"token", "list"}, "mc_not_a_token");
  EXPECT_THAT(r.err, HasSubstr("UNAUTHENTICATED"));
}

TEST_F(ServerCli, RetriedReceptionWithTheSameRequestIdGivesTheSameCode) {
  const std::string desk = DeskToken();
  const std::string first = Receive(desk, "--request-id=desk-1-000042");
  const std::string retry = Receive(desk, "--request-id=desk-1-000042");
  EXPECT_EQ(retry, first);
  const std::string next = Receive(desk);
  EXPECT_NE(next, first);
}

TEST_F(ServerCli, DataSurvivesARestart) {
  const std::string desk = DeskToken();
  const std::string code = Receive(desk);
  ASSERT_EQ(server_->Stop(), 0);
  Start();
  CommandResult r = Cli({"dossier", "get", code}, desk);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("RECEIVED"));
  EXPECT_THAT(Receive(desk), HasSubstr("-0002"));
}

TEST_F(ServerCli, SettingsCalendarAndCatalogueCommands) {
  CommandResult r = Cli({"settings", "set", "--supplement-rule=RESTART"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"settings", "get"});
  EXPECT_THAT(r.out, HasSubstr("supplement rule: RESTART"));
  EXPECT_THAT(r.out, HasSubstr("mon-fri 07:30-11:30 13:30-17:00"));
  // The 2027 calendar, announced: replace the provisional year from a file.
  const std::string file = dir_.Sub("vn-2027.txt");
  std::ofstream(file) << "year 2027\nstatus official\nsource announced\n"
                         "off 2027-02-04 2027-02-10 Tet\n";
  r = Cli({"calendar", "put", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Cli({"calendar", "get", "2027"});
  EXPECT_THAT(r.out, HasSubstr("2027 - announced"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("provisional")));
  r = Cli({"catalogue", "units"});
  EXPECT_THAT(r.out, HasSubstr("Phường Bắc Hà"));
  r = Cli({"catalogue", "get", "procedure", "1.009994", "--as-of=2025-06-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out,
              HasSubstr("Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ"));
  r = Cli({"catalogue", "get", "procedure", "9.999999"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));
  r = Cli({"catalogue", "fields", "--json"});
  EXPECT_THAT(r.out, HasSubstr("\"code\": \"HOTICH\""));
}

TEST_F(ServerCli, ImportLoadsGoodLinesNamesBadOnesAndIsIdempotent) {
  const std::string importer =
      NewToken({"--principal=migration-2025", "--role=IMPORT"});
  ASSERT_FALSE(importer.empty());
  CommandResult r;
  const std::string applicant =
      R"("applicant":{"kind":"PERSON","name":"Hoàng Thị E","id_number":"042100003333"})";
  const std::string file = dir_.Sub("history.jsonl");
  std::ofstream(file)
      << R"({"code":"H29.18070-250303-0101","agency_code":"H29.18070","procedure_code":"1.000894","channel":"DIRECT",)"
      << applicant
      << R"(,"created_at":"2025-03-03T02:00:00Z","events":[{"at":"2025-03-03T03:00:00Z","status":"PROCESSING"},{"at":"2025-03-06T08:00:00Z","status":"RESOLVED","outcome":"GRANTED"},{"at":"2025-03-07T02:00:00Z","status":"RETURNED"}]})"
      << "\n"
      << R"({"code":"H29.18070-250303-0102","agency_code":"H29.18070","procedure_code":"1.000894","channel":"POSTAL",)"
      << applicant
      << R"(,"created_at":"2025-03-03T02:00:00Z","events":[{"at":"2025-03-03T03:00:00Z","status":"PROCESSING"},{"at":"2025-03-04T03:00:00Z","status":"AWAITING_SUPPLEMENT"},{"at":"2025-03-06T07:00:00Z","status":"PROCESSING"},{"at":"2025-03-07T02:00:00Z","apology_new_due_at":"2025-03-20T02:00:00Z"},{"at":"2025-03-14T02:00:00Z","status":"RESOLVED","outcome":"REFUSED"}]})"
      << "\n"
      << R"({"code":"H29.18070-250301-0001","agency_code":"H29.18070","procedure_code":"1.000894","channel":"ONLINE","submitted_online":true,)"
      << applicant
      << R"(,"created_at":"2025-03-01T14:00:00Z","events":[{"at":"2025-03-03T01:00:00Z","status":"RECEIVED"}]})"
      << "\n"
      << "{not json\n"
      << R"({"code":"H29.18070-250303-0103","agency_code":"H29.18070","procedure_code":"1.000894","channel":"DIRECT",)"
      << applicant
      << R"(,"created_at":"2025-03-03T02:00:00Z","events":[{"at":"2025-03-04T03:00:00Z","status":"RETURNED"}]})"
      << "\n";

  r = Cli({"import", file}, importer);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("line 4: not a HistoricalDossier JSON object"));
  EXPECT_THAT(r.out,
              HasSubstr("line 5 H29.18070-250303-0103: event 1 "
                        "(2025-03-04T03:00:00+00:00): illegal transition from "
                        "RECEIVED (2) to RETURNED (10)"));
  EXPECT_THAT(r.out, HasSubstr("imported 3, unchanged 0, refused 2"));

  r = Cli({"import", file}, importer);
  EXPECT_THAT(r.out, HasSubstr("imported 0, unchanged 3, refused 2"));

  // The history keeps the instants it happened at; statistics and due dates
  // come from them (received Mon 3 Mar 09:00 + 5 working days).
  r = Cli({"dossier", "get", "H29.18070-250303-0101", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"due_at\": \"2025-03-10T02:00:00Z\""));
  EXPECT_THAT(r.out, HasSubstr("\"timeliness\": \"EARLY\""));
  EXPECT_THAT(r.out, HasSubstr("\"occurred_at\": \"2025-03-07T02:00:00Z\""));
  r = Cli({"dossier", "get", "H29.18070-250301-0001", "--json"});
  EXPECT_THAT(r.out, HasSubstr("\"status\": \"RECEIVED\""));
  EXPECT_THAT(r.out, HasSubstr("\"due_at\": \"2025-03-10T01:00:00Z\""));

  // A desk may not import.
  r = Cli({"import", file}, DeskToken());
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
}

// A bounded mixed run: every call answered OK (desk lives, back-dated late
// ones included, dashboards, an export), and the store recounts clean.
TEST_F(ServerCli, LoadGeneratorRunsAMixedLoadWithoutErrors) {
  CommandResult r = RunCommand(
      {MOTCUA_LOAD_BINARY, "--address=" + server_->address(),
       "--token=" + admin_, "--mix=desk:6,dashboard:3,batch:1", "--in_flight=8",
       "--count=400", "--duration=60", "--late_share=0.3", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const char* op : {"\"desk.receive\"", "\"desk.change_status\"",
                         "\"dashboard.rates\"", "\"batch.export\""}) {
    EXPECT_NE(r.out.find(op), std::string::npos) << op << " in " << r.out;
  }
  EXPECT_EQ(r.out.find("\"errors\":{\""), std::string::npos) << r.out;
  CommandResult verify = Cli({"store", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_NE(verify.out.find(
                "differences: counters 0, indexes 0, histories 0, sequences 0"),
            std::string::npos)
      << verify.out;
}

TEST_F(ServerCli, ReportCsvAgreesWithJson) {
  const std::string desk = DeskToken();
  for (int i = 0; i < 3; ++i) Receive(desk);
  // The dossiers are received now: report on this (local) year.
  const std::string year =
      absl::FormatTime("%Y", absl::Now(), absl::FixedTimeZone(7 * 3600));
  std::vector<std::string> report = {"report", "--scope=district:436",
                                     "--year=" + year, "--by=unit"};
  std::vector<std::string> csv = report, json = report;
  csv.push_back("--csv");
  json.push_back("--json");
  CommandResult c = Cli(csv), j = Cli(json);
  ASSERT_EQ(c.exit_code, 0) << c.err;
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_EQ(c.out.rfind("\xEF\xBB\xBF", 0), 0u) << "UTF-8 byte-order mark";
  // The total row: received 3, all direct, none carried over, 3 in progress.
  EXPECT_THAT(c.out, HasSubstr("total,total,3,0,3,0,0,0,0,0,3,"));
  EXPECT_THAT(c.out, HasSubstr("18070,Phường Bắc Hà,3,0,3,"));
  EXPECT_THAT(j.out, HasSubstr("\"received_total\": \"3\""));
  EXPECT_THAT(j.out, HasSubstr("\"received_direct_postal\": \"3\""));
  EXPECT_THAT(j.out, HasSubstr("\"in_progress_total\": \"3\""));
}

TEST_F(ServerCli, ReportCellListsTheDossiersBehindANumber) {
  const std::string desk = DeskToken();
  const std::string a = Receive(desk), b = Receive(desk);
  const std::string year =
      absl::FormatTime("%Y", absl::Now(), absl::FixedTimeZone(7 * 3600));
  std::vector<std::string> cell = {
      "report",    "--scope=district:436",     "--year=" + year,
      "--by=unit", "--cell=in_progress_total", "--row=18070"};
  CommandResult r = Cli(cell);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(a));
  EXPECT_THAT(r.out, HasSubstr(b));
  EXPECT_THAT(r.out, HasSubstr("2 dossiers; the cell counts 2 as of "));
  cell.push_back("--csv");
  r = Cli(cell);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 3) << r.out;
  // Nothing is finished yet: the cell is empty.
  r = Cli({"report", "--scope=district:436", "--year=" + year,
           "--cell=resolved_total", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  // A column the form does not have is refused, naming the accepted ones.
  r = Cli({"report", "--scope=district:436", "--year=" + year,
           "--cell=resolved_soon"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(r.err,
              HasSubstr("column 'resolved_soon' is not a report column"));
  // A row the report does not list.
  r = Cli({"report", "--scope=district:436", "--year=" + year, "--by=unit",
           "--cell=received_total", "--row=99999"});
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(r.err, HasSubstr("row '99999' is not a row of this report"));
}

// A dossier of 5 working days received now has 37.5 working hours left:
// more than the default window (at most the rest of today and the next
// working day, 15 h), within a 200 h one.
TEST_F(ServerCli, WarningsListDossiersDueWithinTheWindow) {
  const std::string desk = DeskToken();
  const std::string code = Receive(desk);
  CommandResult r =
      Cli({"warnings", "--scope=agency:H29.18070", "--csv"}, desk);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr(code)));
  r = Cli({"warnings", "--scope=agency:H29.18070", "--within=200h", "--csv"},
          desk);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("\xEF\xBB\xBF", 0), 0u) << "UTF-8 byte-order mark";
  EXPECT_THAT(r.out, HasSubstr("dossier,due soon," + code + ",H29.18070,"));
  EXPECT_THAT(r.out, HasSubstr(",needed\r\n"));
  r = Cli({"warnings", "--scope=agency:H29.18070", "--within=200h", "--json"},
          desk);
  EXPECT_THAT(r.out, HasSubstr("\"urgency\": \"DUE_SOON\""));
  r = Cli({"warnings", "--scope=agency:H29.18070", "--within=soon"}, desk);
  EXPECT_EQ(r.exit_code, 2);
  r = Cli({"warnings", "--scope=district:436"}, desk);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
}

TEST_F(ServerCli, ExportStreamsTheScopesDossiersWithoutPersonalDataForBatch) {
  const std::string desk = DeskToken();
  const std::string a = Receive(desk), b = Receive(desk);
  const std::string batch =
      NewToken({"--principal=batch-42", "--role=BATCH", "--unit=province:42"});
  ASSERT_FALSE(batch.empty());
  CommandResult r;
  const std::string year =
      absl::FormatTime("%Y", absl::Now(), absl::FixedTimeZone(7 * 3600));
  r = Cli({"export", "--scope=province:42", "--year=" + year}, batch);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
  EXPECT_THAT(r.out, HasSubstr(a));
  EXPECT_THAT(r.out, HasSubstr(b));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("applicant")));
  EXPECT_THAT(r.err, HasSubstr("exported 2 dossiers"));
  // The desk of the receiving agency sees its applicants.
  r = Cli({"export", "--scope=agency:H29.18070", "--year=" + year}, desk);
  EXPECT_THAT(r.out, HasSubstr("042190005678"));
  // A batch token of another province is refused.
  r = Cli({"export", "--scope=province:01", "--year=" + year}, batch);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
}

TEST(ServerTransport, ServesTlsToClientsThatTrustItsCertificate) {
  TempDir dir;
  const std::string cert = dir.Sub("cert.pem"), key = dir.Sub("key.pem");
  CommandResult made =
      RunCommand({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048",
                  "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj",
                  "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  ServerProcess server(dir.Sub("data"),
                       {"--tls_cert=" + cert, "--tls_key=" + key});
  ASSERT_TRUE(server.started()) << server.output();
  const std::string admin = ReadAdminToken(dir.Sub("data"));
  const std::vector<std::string> env = {"MOTCUA_ADDR=" + server.address(),
                                        "MOTCUA_TOKEN=" + admin};
  CommandResult r =
      RunCommand({MOTCUA_CLI_BINARY, "token", "list", "--tls-ca=" + cert}, env);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("admin"));
  r = RunCommand({MOTCUA_CLI_BINARY, "token", "list"}, env);
  EXPECT_EQ(r.exit_code, 1) << "plain text must not reach a TLS server";
}

TEST(ServerTransport, RefusesNonLoopbackWithoutTls) {
  TempDir dir;
  CommandResult r = RunCommand({MOTCUA_SERVER_BINARY, "--listen=0.0.0.0:0",
                                "--data_dir=" + dir.Sub("data")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("without TLS"));
}

}  // namespace
}  // namespace motcua::testing

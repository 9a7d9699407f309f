// The real motcua-server's /metrics and access log: the exposition passes
// promtool, counters move with calls, and the log has one line per call
// with no token and no personal data.
#include <fstream>
#include <map>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Samples of an exposition by their series ("name{a=\"1\",b=\"2\"}"), as
// prometheus-cpp prints them: labels sorted by name.
using Samples = std::map<std::string, double>;

Samples ParseExposition(const std::string& text) {
  Samples samples;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.rfind(' ');
    double value = 0;
    if (space == absl::string_view::npos ||
        !absl::SimpleAtod(line.substr(space + 1), &value)) {
      ADD_FAILURE() << "unparsable sample: " << line;
      continue;
    }
    samples[std::string(line.substr(0, space))] = value;
  }
  return samples;
}

std::string Series(const std::string& name,
                   const std::map<std::string, std::string>& labels = {}) {
  if (labels.empty()) return name;
  std::vector<std::string> parts;
  for (const auto& [key, value] : labels) {
    parts.push_back(absl::StrCat(key, "=\"", value, "\""));
  }
  return absl::StrCat(name, "{", absl::StrJoin(parts, ","), "}");
}

// The value of `series`; fails the test when it is absent.
double Value(const Samples& samples, const std::string& series) {
  auto it = samples.find(series);
  if (it == samples.end()) {
    ADD_FAILURE() << "no sample " << series;
    return -1;
  }
  return it->second;
}

std::map<std::string, std::string> Receive(const std::string& code) {
  return {{"grpc_service", "motcua.v1.DossierService"},
          {"grpc_method", "ReceiveDossier"},
          {"grpc_type", "unary"},
          {"grpc_code", code}};
}

class MetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> flags = DemoFlags();
    flags.push_back("--access_log=" + dir_.Sub("access.log"));
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"), flags);
    ASSERT_TRUE(server_->started()) << server_->output();
    ASSERT_FALSE(server_->http_address().empty()) << server_->output();
    admin_ = ReadAdminToken(dir_.Sub("data"));
  }

  CommandResult Cli(std::vector<std::string> args, const std::string& token) {
    return RunCli(server_->address(), token, std::move(args));
  }

  std::string Scrape() {
    httplib::Client client("http://" + server_->http_address());
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(10, 0);
    httplib::Result r = client.Get("/metrics");
    if (!r) {
      ADD_FAILURE() << "GET /metrics failed: " << httplib::to_string(r.error());
      return "";
    }
    EXPECT_EQ(r->status, 200);
    EXPECT_THAT(r->get_header_value("Content-Type"),
                HasSubstr("text/plain; version=0.0.4"));
    return r->body;
  }

  // `promtool check metrics` on `exposition`: its exit code and messages.
  CommandResult Promtool(const std::string& exposition) {
    const std::string path = dir_.Sub("scrape.txt");
    std::ofstream(path) << exposition;
    return RunCommand({"/bin/sh", "-c",
                       "command -v promtool >/dev/null || "
                       "{ echo 'promtool not found (package prometheus, "
                       "scripts/setup.sh)' >&2; exit 127; }; "
                       "promtool check metrics < \"$0\"",
                       path});
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_;
};

TEST_F(MetricsTest, ExpositionPassesPromtoolAndCountersMoveWithCalls) {
  const Samples before = ParseExposition(Scrape());
  // Every declared method starts at zero, every code included.
  EXPECT_EQ(Value(before, Series("grpc_server_handled_total", Receive("OK"))),
            0);
  EXPECT_EQ(Value(before, Series("grpc_server_started_total",
                                 {{"grpc_service", "motcua.v1.DossierService"},
                                  {"grpc_method", "ReceiveDossier"},
                                  {"grpc_type", "unary"}})),
            0);
  EXPECT_EQ(
      Value(before, Series("grpc_server_handled_total",
                           {{"grpc_service", "motcua.v1.StatisticsService"},
                            {"grpc_method", "ExportDossiers"},
                            {"grpc_type", "server_stream"},
                            {"grpc_code", "OK"}})),
      0);
  EXPECT_EQ(Value(before, Series("motcua_dossiers")), 0);

  CommandResult r = Cli({"token", "create", "--principal=desk-metrics",
                         "--role=DESK", "--agency=H29.18070"},
                        admin_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string kSecret = "secret (shown once): ";
  const size_t at = r.out.find(kSecret);
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string desk = r.out.substr(
      at + kSecret.size(), r.out.find('\n', at) - at - kSecret.size());
  for (int i = 0; i < 2; ++i) {
    r = Cli({"dossier", "receive", "--agency=H29.18070", "--procedure=1.000894",
             "--name=Trần Thị Bích", "--id-number=042190005678"},
            desk);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  r = Cli({"dossier", "receive", "--agency=H29.18070", "--procedure=1.000894",
           "--name=Trần Thị Bích", "--id-number=042190005678"},
          "mc_not_a_token");
  ASSERT_EQ(r.exit_code, 1);
  r = Cli({"store", "verify"}, admin_);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const std::string text = Scrape();
  const Samples after = ParseExposition(text);
  EXPECT_EQ(Value(after, Series("grpc_server_handled_total", Receive("OK"))),
            2);
  EXPECT_EQ(Value(after, Series("grpc_server_handled_total",
                                Receive("UNAUTHENTICATED"))),
            1);
  EXPECT_EQ(Value(after, Series("grpc_server_handled_total",
                                Receive("INVALID_ARGUMENT"))),
            0);
  const std::map<std::string, std::string> receive = {
      {"grpc_service", "motcua.v1.DossierService"},
      {"grpc_method", "ReceiveDossier"},
      {"grpc_type", "unary"}};
  EXPECT_EQ(Value(after, Series("grpc_server_started_total", receive)), 3);
  EXPECT_EQ(Value(after, Series("grpc_server_handling_seconds_count", receive)),
            3);
  auto infinite = receive;
  infinite["le"] = "+Inf";
  EXPECT_EQ(
      Value(after, Series("grpc_server_handling_seconds_bucket", infinite)), 3);
  EXPECT_EQ(Value(after, Series("grpc_server_handled_total",
                                {{"grpc_service", "motcua.v1.AdminService"},
                                 {"grpc_method", "VerifyStore"},
                                 {"grpc_type", "unary"},
                                 {"grpc_code", "OK"}})),
            1);
  EXPECT_EQ(Value(after, Series("motcua_dossiers")), 2);
  EXPECT_EQ(Value(after, Series("motcua_dossiers_open")), 2);
  EXPECT_EQ(Value(after, Series("motcua_dossiers_overdue")), 0);
  EXPECT_EQ(Value(after, Series("motcua_verify_differences")), 0);
  EXPECT_EQ(Value(after, Series("motcua_write_queue_depth")), 0);
  EXPECT_EQ(Value(after, Series("motcua_write_queue_capacity")), 1024);
  EXPECT_EQ(Value(after, Series("motcua_writes_refused_total")), 0);
  EXPECT_EQ(Value(after, Series("motcua_scrape_errors_total")), 0);
  EXPECT_EQ(Value(after, Series("motcua_build_info", {{"version", "0.1.0"}})),
            1);
  // Group commits: at least the token and the two dossiers since the first
  // scrape (first-start writes came before it).
  EXPECT_GE(Value(after, Series("motcua_group_commit_writes_count")) -
                Value(before, Series("motcua_group_commit_writes_count")),
            3);
  EXPECT_GE(Value(after, Series("motcua_group_commit_writes_sum")),
            Value(after, Series("motcua_group_commit_writes_count")));
  EXPECT_EQ(Value(after, Series("motcua_group_commit_seconds_count")),
            Value(after, Series("motcua_group_commit_writes_count")));
  EXPECT_GT(Value(after, Series("motcua_storage_memtable_bytes")), 0);
  EXPECT_GE(Value(after, Series("motcua_storage_table_bytes")), 0);
  EXPECT_EQ(Value(after, Series("motcua_storage_writes_stopped")), 0);
  EXPECT_GE(Value(after, Series("motcua_storage_pending_compaction_bytes")), 0);
  EXPECT_GE(Value(after, Series("motcua_storage_write_stalls_total")), 0);
  EXPECT_GT(Value(after, Series("process_resident_memory_bytes")), 1 << 20);
  EXPECT_GT(Value(after, Series("process_threads")), 4);
  EXPECT_GT(Value(after, Series("process_open_fds")), 3);
  EXPECT_GE(Value(after, Series("motcua_uptime_seconds")), 0);
  EXPECT_LT(Value(after, Series("motcua_uptime_seconds")), 600);

  const CommandResult check = Promtool(text);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

  // The access log: one line per call, no token, no personal data.
  std::ifstream log_file(dir_.Sub("access.log"));
  std::stringstream log_text;
  log_text << log_file.rdbuf();
  const std::string log = log_text.str();
  std::vector<std::string> receives;
  int lines = 0;
  for (absl::string_view line : absl::StrSplit(log, '\n', absl::SkipEmpty())) {
    ++lines;
    EXPECT_EQ(line.substr(0, 2), "A ") << line;
    if (absl::StrContains(line, " /motcua.v1.DossierService/ReceiveDossier ")) {
      receives.emplace_back(line);
    }
  }
  EXPECT_EQ(lines, 5) << log;  // token, 3 receives, verify
  ASSERT_EQ(receives.size(), 3u) << log;
  for (int i = 0; i < 2; ++i) {
    EXPECT_THAT(receives[i], HasSubstr(" principal=desk-metrics code=OK "));
    EXPECT_THAT(receives[i], ::testing::MatchesRegex(
                                 ".* latency_ms=[0-9]+\\.[0-9]{3} "
                                 "bytes_in=[1-9][0-9]* bytes_out=[1-9][0-9]*"));
  }
  EXPECT_THAT(receives[2], HasSubstr(" principal=- code=UNAUTHENTICATED "));
  EXPECT_THAT(log, HasSubstr(" /motcua.v1.AdminService/CreateToken "
                             "principal=admin code=OK "));
  EXPECT_THAT(log, HasSubstr(" /motcua.v1.AdminService/VerifyStore "));
  for (const std::string& secret :
       {std::string("Trần"), std::string("Tr%C3"), std::string("Bích"),
        std::string("042190005678"), desk, admin_,
        std::string("mc_not_a_token"), std::string("Bearer")}) {
    EXPECT_THAT(log, Not(HasSubstr(secret))) << secret;
  }
  EXPECT_EQ(server_->Stop(), 0);
}

TEST(MetricsListener, PlainHttpBeyondLoopbackIsRefusedAndEmptyTurnsItOff) {
  TempDir dir;
  CommandResult r =
      RunCommand({MOTCUA_SERVER_BINARY, "--listen=127.0.0.1:0",
                  "--data_dir=" + dir.Sub("data"), "--http_listen=0.0.0.0:0"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("refusing to serve HTTP on 0.0.0.0:0"));
  ServerProcess off(dir.Sub("data"), {"--http_listen="});
  ASSERT_TRUE(off.started()) << off.output();
  EXPECT_EQ(off.http_address(), "");
  EXPECT_THAT(off.output(), Not(HasSubstr("http on")));
}

}  // namespace
}  // namespace motcua::testing

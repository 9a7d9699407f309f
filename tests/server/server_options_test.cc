// Server options: flags, the config file, and the plain-text guard.
#include "server/server_options.h"

#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/temp_dir.h"

namespace motcua::server {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<ServerOptions> Parse(std::vector<std::string> args) {
  args.insert(args.begin(), "motcua-server");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return ParseServerOptions(static_cast<int>(argv.size()), argv.data());
}

TEST(ServerOptions, DefaultsAreLoopbackSyncedAndLocal) {
  absl::StatusOr<ServerOptions> o = Parse({});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->listen, "127.0.0.1:50051");
  EXPECT_EQ(o->data_dir, "var/motcua");
  EXPECT_TRUE(o->sync_writes);
  EXPECT_FALSE(o->allow_insecure);
  EXPECT_EQ(o->admin_token_file, "var/motcua/initial-admin-token");
  EXPECT_FALSE(o->granularity.has_value());
}

TEST(ServerOptions, StoreIsRocksDbByDefaultOrAPostgresqlUri) {
  EXPECT_EQ(Parse({})->store, "");
  EXPECT_EQ(Parse({})->store_connections, 16);
  absl::StatusOr<ServerOptions> o =
      Parse({"--store=postgresql://db1,db2/motcua?target_session_attrs="
             "read-write",
             "--store_connections=32"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->store,
            "postgresql://db1,db2/motcua?target_session_attrs=read-write");
  EXPECT_EQ(o->store_connections, 32);
}

TEST(ServerOptions, StoreOtherThanPostgresqlIsRefusedNamingTheFlag) {
  absl::StatusOr<ServerOptions> o = Parse({"--store=mysql://db/motcua"});
  ASSERT_EQ(o.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(o.status().message()), HasSubstr("--store"));
  EXPECT_THAT(std::string(o.status().message()), HasSubstr("postgresql://"));
  o = Parse({"--store=postgresql:///m", "--store_connections=0"});
  ASSERT_EQ(o.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(o.status().message()),
              HasSubstr("--store_connections"));
}

TEST(ServerOptions, HealthCheckIntervalIsASecondByDefaultAndBounded) {
  EXPECT_EQ(Parse({})->health_check_interval_ms, 1000);
  EXPECT_EQ(Parse({"--health_check_interval_ms=250"})->health_check_interval_ms,
            250);
  for (const char* bad :
       {"--health_check_interval_ms=99", "--health_check_interval_ms=60001",
        "--health_check_interval_ms=soon"}) {
    absl::StatusOr<ServerOptions> o = Parse({bad});
    ASSERT_EQ(o.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(o.status().message()),
                HasSubstr("--health_check_interval_ms"))
        << bad;
  }
}

TEST(ServerOptions, ConfigFileIsReadAndFlagsWin) {
  testing::TempDir dir;
  const std::string path = dir.Sub("motcua.conf");
  std::ofstream(path) << "# deployment settings\nlisten = 127.0.0.1:6000\n"
                         "sync_writes = false\nsupplement_rule = RESTART\n";
  absl::StatusOr<ServerOptions> o =
      Parse({"--config=" + path, "--listen=127.0.0.1:7000"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->listen, "127.0.0.1:7000");
  EXPECT_FALSE(o->sync_writes);
  EXPECT_EQ(o->supplement_rule, core::SupplementRule::kRestart);
}

TEST(ServerOptions, OccurrenceTimeLimitsAreConfigurable) {
  absl::StatusOr<ServerOptions> o = Parse({});
  EXPECT_EQ(o->clock_skew_seconds, 120);
  EXPECT_EQ(o->desk_backdating_days, 7);
  o = Parse({"--clock_skew_seconds=30", "--desk_backdating_days=2"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->clock_skew_seconds, 30);
  EXPECT_EQ(o->desk_backdating_days, 2);
  EXPECT_FALSE(Parse({"--desk_backdating_days=-1"}).ok());
}

TEST(ServerOptions, WritePoolSizeAndQueueAreBounded) {
  absl::StatusOr<ServerOptions> o = Parse({});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->write_threads, 64);
  EXPECT_EQ(o->write_queue, 1024);
  o = Parse({"--write_threads=8", "--write_queue=100"});
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->write_threads, 8);
  EXPECT_EQ(o->write_queue, 100);
  EXPECT_THAT(std::string(Parse({"--write_threads=0"}).status().message()),
              HasSubstr("--write_threads: must be a number of threads"));
  EXPECT_THAT(std::string(Parse({"--write_queue=0"}).status().message()),
              HasSubstr("--write_queue: must be a number of calls"));
}

TEST(ServerOptions, BadValuesNameTheFlag) {
  EXPECT_THAT(std::string(Parse({"--granularity=HOUR"}).status().message()),
              HasSubstr("--granularity: must be DATE or INSTANT"));
  EXPECT_THAT(std::string(Parse({"--block_cache_mb=lots"}).status().message()),
              HasSubstr("--block_cache_mb"));
  EXPECT_THAT(std::string(Parse({"--listn=x"}).status().message()),
              HasSubstr("unknown flag --listn"));
  EXPECT_THAT(std::string(Parse({"--tls_cert=a.pem"}).status().message()),
              HasSubstr("--tls_cert and --tls_key go together"));
}

TEST(ServerOptions, UnknownConfigSettingNamesItsLine) {
  testing::TempDir dir;
  const std::string path = dir.Sub("motcua.conf");
  std::ofstream(path) << "listen = 127.0.0.1:6000\ncolour = blue\n";
  EXPECT_THAT(std::string(Parse({"--config=" + path}).status().message()),
              HasSubstr("line 2: unknown setting 'colour'"));
}

TEST(ServerOptions, EmptyBooleanInConfigFileIsRefused) {
  testing::TempDir dir;
  const std::string path = dir.Sub("motcua.conf");
  std::ofstream(path) << "listen = 0.0.0.0:6000\nallow_insecure =\n";
  absl::StatusOr<ServerOptions> o = Parse({"--config=" + path});
  EXPECT_EQ(o.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(o.status().message()),
              HasSubstr("line 2: --allow_insecure: must be true or false"));
}

TEST(ServerOptions, EmptyBooleanFlagIsRefused) {
  EXPECT_THAT(std::string(Parse({"--allow_insecure="}).status().message()),
              HasSubstr("--allow_insecure: must be true or false"));
}

TEST(ServerOptions, BooleanFlagAloneIsTrue) {
  absl::StatusOr<ServerOptions> o = Parse({"--allow_insecure"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_TRUE(o->allow_insecure);
}

TEST(ServerOptions, PlainTextBeyondLoopbackNeedsConsent) {
  ServerOptions o;
  o.listen = "0.0.0.0:50051";
  EXPECT_EQ(CheckTransportSafety(o).code(),
            absl::StatusCode::kFailedPrecondition);
  o.allow_insecure = true;
  EXPECT_TRUE(CheckTransportSafety(o).ok());
  o.allow_insecure = false;
  o.tls_cert = "cert.pem";
  o.tls_key = "key.pem";
  EXPECT_TRUE(CheckTransportSafety(o).ok());
}

TEST(ServerOptions, LoopbackAddressesAreRecognised) {
  EXPECT_TRUE(IsLoopback("127.0.0.1:1"));
  EXPECT_TRUE(IsLoopback("127.3.4.5:1"));
  EXPECT_TRUE(IsLoopback("localhost:1"));
  EXPECT_TRUE(IsLoopback("[::1]:1"));
  EXPECT_FALSE(IsLoopback("0.0.0.0:1"));
  EXPECT_FALSE(IsLoopback("10.0.0.1:1"));
  EXPECT_FALSE(IsLoopback("[::]:1"));
  EXPECT_FALSE(IsLoopback("127.example.com:1"));
  EXPECT_FALSE(IsLoopback("127.0.0.1.example.com:1"));
}

TEST(ServerOptions, HttpListenerAndAccessLogFlags) {
  absl::StatusOr<ServerOptions> o = Parse({});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->http_listen, "127.0.0.1:9464");
  EXPECT_EQ(o->access_log, "");
  o = Parse({"--http_listen=", "--access_log=off"});
  ASSERT_TRUE(o.ok()) << o.status();
  EXPECT_EQ(o->http_listen, "");
  EXPECT_EQ(o->access_log, "off");
  o = Parse({"--http_listen=9464"});
  EXPECT_EQ(o.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(o.status().message(), HasSubstr("http_listen"));
}

TEST(ServerOptions, PlainHttpBeyondLoopbackNeedsTlsOrConsent) {
  ServerOptions o;
  o.listen = "127.0.0.1:50051";
  o.http_listen = "0.0.0.0:9464";
  EXPECT_EQ(CheckTransportSafety(o).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(CheckTransportSafety(o).message(), HasSubstr("0.0.0.0:9464"));
  o.tls_cert = "cert.pem";  // the HTTP listener serves HTTPS with them too
  o.tls_key = "key.pem";
  EXPECT_TRUE(CheckTransportSafety(o).ok());
  o.tls_cert = o.tls_key = "";
  o.allow_insecure = true;
  EXPECT_TRUE(CheckTransportSafety(o).ok());
  o.allow_insecure = false;
  o.http_listen = "";  // disabled
  EXPECT_TRUE(CheckTransportSafety(o).ok());
}

}  // namespace
}  // namespace motcua::server

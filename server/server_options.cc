#include "server/server_options.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "cmdline/config_file.h"
#include "cmdline/flags.h"
#include "core/status_macros.h"
#include "storage/pg_store.h"

namespace motcua::server {
namespace {

cmdline::FlagSpec Spec() {
  cmdline::FlagSpec spec;
  spec.values = {"listen",
                 "data_dir",
                 "store",
                 "store_connections",
                 "health_check_interval_ms",
                 "tls_cert",
                 "tls_key",
                 "block_cache_mb",
                 "supplement_rule",
                 "granularity",
                 "calendar_dir",
                 "demo_catalogue",
                 "admin_token_file",
                 "clock_skew_seconds",
                 "desk_backdating_days",
                 "write_threads",
                 "write_queue",
                 "config",
                 "memory_quota_mb",
                 "grpc_max_threads",
                 "max_streams_per_connection",
                 "max_connections",
                 "max_connections_per_address",
                 "max_connection_idle_seconds",
                 "max_connection_age_seconds",
                 "max_request_kb",
                 "stream_window_kb",
                 "lookups_per_minute_per_address",
                 "lookups_per_hour_per_code",
                 "lookups_in_progress_per_address",
                 "lookup_request_timeout_seconds",
                 "lookup_answer_floor_ms",
                 "http_listen",
                 "web_dir",
                 "chart_js",
                 "access_log"};
  spec.booleans = {"allow_insecure", "sync_writes", "allow_shared_data_dir"};
  return spec;
}

}  // namespace

absl::StatusOr<ServerOptions> ParseServerOptions(int argc, char** argv) {
  const cmdline::FlagSpec spec = Spec();
  MOTCUA_ASSIGN_OR_RETURN(cmdline::Flags f,
                          cmdline::Flags::Parse(argc, argv, spec));
  if (!f.positional().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument '", f.positional()[0],
                     "' (flags are --name=value)"));
  }
  MOTCUA_RETURN_IF_ERROR(cmdline::MergeConfigFile("config", spec, &f));

  ServerOptions o;
  o.listen = f.GetString("listen", o.listen);
  if (o.listen.find(':') == std::string::npos) {
    return cmdline::FlagError("listen", "must be host:port");
  }
  o.data_dir = f.GetString("data_dir", o.data_dir);
  if (o.data_dir.empty())
    return cmdline::FlagError("data_dir", "must not be empty");
  o.store = f.GetString("store");
  if (!o.store.empty() && !storage::IsPostgresLocation(o.store)) {
    return cmdline::FlagError(
        "store",
        "must be empty (RocksDB in data_dir) or a PostgreSQL URI "
        "(postgresql://...)");
  }
  MOTCUA_ASSIGN_OR_RETURN(
      o.store_connections,
      f.GetInt64("store_connections", o.store_connections, 1, 64,
                 "must be a number of connections from 1 to 64"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.health_check_interval_ms,
      f.GetInt64("health_check_interval_ms", o.health_check_interval_ms, 100,
                 60000, "must be a number of milliseconds from 100 to 60000"));
  o.tls_cert = f.GetString("tls_cert");
  o.tls_key = f.GetString("tls_key");
  o.allow_insecure = f.GetBool("allow_insecure", o.allow_insecure);
  o.sync_writes = f.GetBool("sync_writes", o.sync_writes);
  MOTCUA_ASSIGN_OR_RETURN(
      o.block_cache_mb, f.GetInt64("block_cache_mb", o.block_cache_mb, 8, 65536,
                                   "must be a number of MiB from 8 to 65536"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.write_threads,
      f.GetInt64("write_threads", o.write_threads, 1, 1024,
                 "must be a number of threads from 1 to 1024"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.write_queue, f.GetInt64("write_queue", o.write_queue, 1, 1000000,
                                "must be a number of calls from 1 to 1000000"));
  if (f.Has("supplement_rule")) {
    const std::string rule = f.GetString("supplement_rule");
    if (rule == "PAUSE") {
      o.supplement_rule = core::SupplementRule::kPause;
    } else if (rule == "RESTART") {
      o.supplement_rule = core::SupplementRule::kRestart;
    } else {
      return cmdline::FlagError("supplement_rule", "must be PAUSE or RESTART");
    }
  }
  if (f.Has("granularity")) {
    const std::string granularity = f.GetString("granularity");
    if (granularity == "DATE") {
      o.granularity = core::Granularity::kDate;
    } else if (granularity == "INSTANT") {
      o.granularity = core::Granularity::kInstant;
    } else {
      return cmdline::FlagError("granularity", "must be DATE or INSTANT");
    }
  }
  MOTCUA_ASSIGN_OR_RETURN(o.clock_skew_seconds,
                          f.GetInt64("clock_skew_seconds", o.clock_skew_seconds,
                                     0, 3600, "must be 0 to 3600 seconds"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.desk_backdating_days,
      f.GetInt64("desk_backdating_days", o.desk_backdating_days, 0, 366,
                 "must be 0 to 366 days"));
  o.allow_shared_data_dir =
      f.GetBool("allow_shared_data_dir", o.allow_shared_data_dir);
  MOTCUA_ASSIGN_OR_RETURN(
      o.memory_quota_mb,
      f.GetInt64("memory_quota_mb", o.memory_quota_mb, 16, 65536,
                 "must be a number of MiB from 16 to 65536"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.grpc_max_threads,
      f.GetInt64("grpc_max_threads", o.grpc_max_threads, 8, 4096,
                 "must be a number of threads from 8 to 4096"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.max_streams_per_connection,
      f.GetInt64("max_streams_per_connection", o.max_streams_per_connection, 1,
                 10000, "must be 1 to 10000"));
  MOTCUA_ASSIGN_OR_RETURN(o.max_connections,
                          f.GetInt64("max_connections", o.max_connections, 1,
                                     100000, "must be 1 to 100000"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.max_connections_per_address,
      f.GetInt64("max_connections_per_address", o.max_connections_per_address,
                 1, 100000, "must be 1 to 100000"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.max_connection_idle_seconds,
      f.GetInt64("max_connection_idle_seconds", o.max_connection_idle_seconds,
                 1, 86400, "must be 1 to 86400 seconds"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.max_connection_age_seconds,
      f.GetInt64("max_connection_age_seconds", o.max_connection_age_seconds, 1,
                 604800, "must be 1 to 604800 seconds"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.max_request_kb,
      f.GetInt64("max_request_kb", o.max_request_kb, 16, 65536,
                 "must be a number of KiB from 16 to 65536"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.stream_window_kb,
      f.GetInt64("stream_window_kb", o.stream_window_kb, 0, 16384,
                 "must be a number of KiB from 0 (gRPC's tuning) to 16384"));
  MOTCUA_ASSIGN_OR_RETURN(o.lookups_in_progress_per_address,
                          f.GetInt64("lookups_in_progress_per_address",
                                     o.lookups_in_progress_per_address, 1, 256,
                                     "must be 1 to 256"));
  MOTCUA_ASSIGN_OR_RETURN(o.lookup_request_timeout_seconds,
                          f.GetInt64("lookup_request_timeout_seconds",
                                     o.lookup_request_timeout_seconds, 1, 300,
                                     "must be 1 to 300 seconds"));
  MOTCUA_ASSIGN_OR_RETURN(o.lookups_per_minute_per_address,
                          f.GetInt64("lookups_per_minute_per_address",
                                     o.lookups_per_minute_per_address, 1,
                                     100000, "must be 1 to 100000"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.lookups_per_hour_per_code,
      f.GetInt64("lookups_per_hour_per_code", o.lookups_per_hour_per_code, 1,
                 100000, "must be 1 to 100000"));
  MOTCUA_ASSIGN_OR_RETURN(
      o.lookup_answer_floor_ms,
      f.GetInt64("lookup_answer_floor_ms", o.lookup_answer_floor_ms, 0, 1000,
                 "must be a number of milliseconds from 0 to 1000"));
  o.calendar_dir = f.GetString("calendar_dir");
  o.demo_catalogue = f.GetString("demo_catalogue");
  o.admin_token_file = f.GetString("admin_token_file");
  o.http_listen = f.GetString("http_listen", o.http_listen);
  if (!o.http_listen.empty() && o.http_listen.find(':') == std::string::npos) {
    return cmdline::FlagError("http_listen", "must be host:port, or empty");
  }
  o.web_dir = f.GetString("web_dir");
  o.chart_js = f.GetString("chart_js", o.chart_js);
  o.access_log = f.GetString("access_log");
  if (o.tls_cert.empty() != o.tls_key.empty()) {
    return cmdline::FlagError("tls_cert",
                              "--tls_cert and --tls_key go together");
  }
  if (o.admin_token_file.empty()) {
    o.admin_token_file = o.data_dir + "/initial-admin-token";
  }
  return o;
}

bool IsLoopback(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  const std::string host = listen.substr(0, colon);
  if (host == "localhost" || host == "[::1]") return true;
  // Only an IPv4 literal 127.a.b.c: a name like 127.example.com is not.
  std::vector<absl::string_view> parts = absl::StrSplit(host, '.');
  if (parts.size() != 4 || parts[0] != "127") return false;
  for (absl::string_view part : parts) {
    int octet = 0;
    if (part.empty() || part.size() > 3 || !absl::SimpleAtoi(part, &octet) ||
        octet < 0 || octet > 255) {
      return false;
    }
  }
  return true;
}

absl::Status CheckTransportSafety(const ServerOptions& o) {
  if (!o.http_listen.empty() && !IsLoopback(o.http_listen) &&
      o.tls_cert.empty() && !o.allow_insecure) {
    return absl::FailedPreconditionError(absl::StrCat(
        "refusing to serve HTTP on ", o.http_listen,
        " without TLS: session cookies and tokens would cross the network in "
        "clear text. Give --tls_cert and --tls_key, keep --http_listen on "
        "loopback (a local Prometheus or a TLS proxy in front), or give "
        "--allow_insecure"));
  }
  if (IsLoopback(o.listen) || !o.tls_cert.empty() || o.allow_insecure) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to listen on ", o.listen,
      " without TLS: tokens would cross the network in clear text. Give "
      "--tls_cert and --tls_key, or --allow_insecure to accept the risk"));
}

}  // namespace motcua::server

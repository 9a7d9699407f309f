// The server's configuration: command-line flags, optionally read first
// from a file of "name = value" lines (flags given on the command line win).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "core/domain_rules.h"

namespace motcua::server {

struct ServerOptions {
  std::string listen = "127.0.0.1:50051";
  std::string data_dir = "var/motcua";
  // Where dossiers are stored: empty for the embedded RocksDB engine in
  // <data_dir>/store; a PostgreSQL URI ("postgresql://host1,host2/db?
  // target_session_attrs=read-write") for the PostgreSQL engine, and then
  // how many connections this server keeps to it.
  std::string store;
  int64_t store_connections = 16;
  // How often the health service asks the store whether it takes writes
  // (NOT_SERVING while a PostgreSQL store has no reachable primary).
  int64_t health_check_interval_ms = 1000;
  std::string tls_cert;  // PEM files; both or neither
  std::string tls_key;
  // Required to listen beyond loopback without TLS (tokens would travel in
  // clear text).
  bool allow_insecure = false;
  bool sync_writes = true;
  int64_t block_cache_mb = 256;
  // Threads that run writes (each waits on the log sync; group commit joins
  // the waiting ones), and how many writes may queue for them before calls
  // are refused with RESOURCE_EXHAUSTED.
  int64_t write_threads = 64;
  int64_t write_queue = 1024;
  // Occurrence times callers may give: how far in the future (clock skew),
  // and how far back a DESK token may date an event.
  int64_t clock_skew_seconds = 120;
  int64_t desk_backdating_days = 7;
  // Applied at start when given (the store keeps them otherwise).
  std::optional<core::SupplementRule> supplement_rule;
  std::optional<core::Granularity> granularity;
  // First start only: calendar files and the catalogue to load into an
  // empty store.
  std::string calendar_dir;
  std::string demo_catalogue;
  // Where the first administrator token is written (mode 0600) besides the
  // one-time message; default <data_dir>/initial-admin-token.
  std::string admin_token_file;
  // A data directory other users may read is refused unless this is set.
  bool allow_shared_data_dir = false;

  // What one client can make the server hold (gRPC): memory for calls in
  // progress, threads, streams per connection, connection lifetime, and the
  // largest request. Beyond them calls get RESOURCE_EXHAUSTED.
  int64_t memory_quota_mb = 256;
  int64_t grpc_max_threads = 256;
  int64_t max_streams_per_connection = 100;
  // Open connections in all and from one client address (an IPv6 /64);
  // a connection beyond either is closed on arrival.
  int64_t max_connections = 1000;
  int64_t max_connections_per_address = 100;
  int64_t max_connection_idle_seconds = 600;
  int64_t max_connection_age_seconds = 3600;
  int64_t max_request_kb = 1024;
  // The HTTP/2 window of each call (how much of a body a client may send
  // before the server asks for more), fixed. 0: gRPC's own tuning (BDP
  // probing), which opens windows of up to 16 MiB per call while memory is
  // plentiful: half-sent bodies then outrun the quota's reclamation.
  int64_t stream_window_kb = 64;
  // The public status lookup's rates (per client address, per code).
  int64_t lookups_per_minute_per_address = 20;
  int64_t lookups_per_hour_per_code = 10;
  // Public lookups one client address may have in progress (admitted, its
  // request being read or answered); more are refused before their
  // request is read.
  int64_t lookups_in_progress_per_address = 4;
  // An admitted lookup whose request has not arrived after this long is
  // ended (DEADLINE_EXCEEDED), freeing its place.
  int64_t lookup_request_timeout_seconds = 10;
  // A lookup that reads the store answers no sooner than this after it
  // began, found or not (service::LookupPolicy::answer_floor).
  int64_t lookup_answer_floor_ms = 5;

  // The HTTP listener (/metrics, the dashboard): "host:port", port 0 for
  // any free port; empty: none. HTTPS with tls_cert and tls_key; plain HTTP
  // beyond loopback only with allow_insecure.
  std::string http_listen = "127.0.0.1:9464";
  // The web dashboard on the HTTP listener (its pages and /api/v1/): the
  // folder of its pages (the source tree's web/, installed as
  // /usr/share/motcua/web); empty: no dashboard.
  std::string web_dir;
  // Chart.js for the dashboard's charts (Debian's libjs-chart.js).
  std::string chart_js = "/usr/share/javascript/chart.js/chart.min.js";
  // The access log: "" or "stderr" (standard error), "off", or a file.
  std::string access_log;
};

// Parses argv[1..argc) with cmdline's rules (--name=value, --name value,
// booleans alone or =true|false|1|0), then the --config file if given.
// InvalidArgument naming the flag for an unknown name, a positional word,
// a bad value or a bad config line.
absl::StatusOr<ServerOptions> ParseServerOptions(int argc, char** argv);

// Whether `listen` ("host:port") is a loopback address.
bool IsLoopback(const std::string& listen);

// OK, or FailedPrecondition when the options would expose tokens: a
// non-loopback address (gRPC or HTTP) without TLS and without
// allow_insecure.
absl::Status CheckTransportSafety(const ServerOptions& options);

}  // namespace motcua::server

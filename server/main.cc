// motcua-server: the one-stop-shop service. See README.md for flags.
#include <pthread.h>
#include <signal.h>
#include <sys/stat.h>

#include <cstdio>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "cmdline/flags.h"
#include "server/app.h"
#include "service/log.h"

namespace {

constexpr const char* kUsage =
    R"(motcua-server: Vietnam's one-stop-shop dossier service

Flags (--name=value; the same names, "name = value", in a --config file):
  --listen=HOST:PORT        default 127.0.0.1:50051 (port 0: any free port)
  --data_dir=DIR            default var/motcua (RocksDB store under DIR/store)
  --tls_cert=PEM --tls_key=PEM   serve TLS (required beyond loopback)
  --allow_insecure          listen beyond loopback without TLS anyway
  --sync_writes=true|false  sync each acknowledged write (default true)
  --block_cache_mb=N        RocksDB block cache (default 256)
  --write_threads=N         threads running writes (default 64)
  --write_queue=N           writes that may wait before RESOURCE_EXHAUSTED (1024)
  --supplement_rule=PAUSE|RESTART   --granularity=DATE|INSTANT
  --clock_skew_seconds=N    how far in the future event times may be (120)
  --desk_backdating_days=N  how far back a DESK token may date events (7)
  --calendar_dir=DIR        first start: load vn-YYYY.txt calendar files
  --demo_catalogue=FILE     first start: load a catalogue (JSON)
  --admin_token_file=FILE   first start: where the admin token is written
  --allow_shared_data_dir   start even when other users may read DIR
  --memory_quota_mb=N       memory gRPC may hold for calls in progress (256)
  --grpc_max_threads=N      gRPC threads (256)
  --max_streams_per_connection=N   calls at once on one connection (100)
  --max_connections=N       open connections in all (1000)
  --max_connections_per_address=N  from one address or IPv6 /64 (100)
  --max_connection_idle_seconds=N  idle connections closed after (600)
  --max_connection_age_seconds=N   connections recycled after (3600)
  --max_request_kb=N        largest request accepted (1024)
  --stream_window_kb=N      body bytes a call may send before it is asked
                            for more (64; 0: gRPC's own tuning, up to 16 MiB)
  --lookups_per_minute_per_address=N  public lookups per client address (20)
  --lookups_per_hour_per_code=N       public lookups of one code (10)
  --lookups_in_progress_per_address=N lookups at once from one address (4)
  --lookup_request_timeout_seconds=N  a lookup's request must arrive (10)
  --lookup_answer_floor_ms=N          a lookup answers no sooner (5)
  --http_listen=HOST:PORT   HTTP listener for /metrics (default 127.0.0.1:9464;
                            port 0: any free port; empty: off; plain HTTP,
                            so beyond loopback only with --allow_insecure)
  --access_log=FILE|off     one line per call (default: standard error)
  --config=FILE             read settings from FILE (flags win)
SIGTERM / SIGINT stop accepting calls, finish those in flight, close the store.
)";

}  // namespace

int main(int argc, char** argv) {
  // Everything the server creates (the store's files, the token file) is
  // its owner's alone: the store holds applicants' personal data.
  umask(077);
  // Debian's Abseil is built with its mutex deadlock detector on, which
  // records every lock order in a global graph: a few percent of the CPU of
  // every call. The tests (built the same way) keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  using motcua::service::Log;
  using motcua::service::LogLevel;
  if (motcua::cmdline::AsksForHelp(argc, argv)) {
    std::cout << kUsage;
    return 0;
  }
  absl::StatusOr<motcua::server::ServerOptions> options =
      motcua::server::ParseServerOptions(argc, argv);
  if (!options.ok()) {
    std::cerr << "motcua-server: " << options.status().message() << "\n";
    return 2;
  }
  // Signals are taken by sigwait below, not by asynchronous handlers; block
  // them before any thread starts so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::unique_ptr<motcua::server::App>> app =
      motcua::server::App::Start(*options);
  if (!app.ok()) {
    Log(LogLevel::kError,
        absl::StrCat("server: cannot start: ", app.status().message()));
    return 1;
  }
  if (!(*app)->new_admin_secret().empty()) {
    std::cout << "First start: administrator token (shown once; also in "
              << options->admin_token_file << "):\n  "
              << (*app)->new_admin_secret() << "\n";
  }
  // The lines tests and scripts read to learn the ports (HTTP first: the
  // listening line tells them the start is complete).
  if (!(*app)->http_address().empty()) {
    std::cout << "motcua-server http on " << (*app)->http_address() << "\n";
  }
  std::cout << "motcua-server listening on " << (*app)->address() << std::endl;
  int signal = 0;
  sigwait(&signals, &signal);
  Log(LogLevel::kInfo, absl::StrCat("server: received signal ", signal));
  (*app)->Shutdown(absl::Seconds(10));
  return 0;
}

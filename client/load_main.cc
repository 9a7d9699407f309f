// motcua-load: drives a motcua server with desk, dashboard and batch
// traffic, closed-loop (N calls in flight) or open-loop (a target rate),
// bounded by duration and by count, and prints throughput and latency
// percentiles per operation (or JSON). Point it only at servers you run.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "client/load_traffic.h"
#include "cmdline/flags.h"
#include "core/status_macros.h"

namespace {

using motcua::client::LoadStats;
using motcua::client::Traffic;

constexpr const char* kUsage =
    R"(motcua-load: load a motcua server and measure it

  --address=HOST:PORT   server (default 127.0.0.1:50051)
  --token=SECRET        ADMIN token (or MOTCUA_TOKEN); back-dated late lives
                        need ADMIN or IMPORT
  --mix=desk:8,dashboard:2,batch:0   weights of the three kinds of traffic
  --in_flight=N         closed loop: N calls always in flight (default 64)
  --rate=R              open loop: start R calls per second instead
  --duration=S          stop issuing after S seconds (default 10)
  --count=N             stop issuing after N calls (default: no limit)
  --late_share=F        desk lives resolved late (default 0.1)
  --report_share=F      dashboard calls that are reports, not rates (0.3)
  --online_share=F      desk lives submitted online (default 0.3)
  --year=YYYY           year dashboards and exports ask for (default: this year)
  --seed=S              random seed (default 1)
  --deadline=S          deadline of each call in seconds (default 30)
  --acknowledged=FILE   append one line per desk write the server answered
                        OK (RPC, dossier code, version, status, request id;
                        tab-separated), written as each answer arrives, for
                        durability checks after the run
  --retries=N           send a desk write that failed UNAVAILABLE or
                        DEADLINE_EXCEEDED again, same request id, up to N
                        times (default 0: the dossier's life is dropped)
  --json                print the result as JSON
Every write carries a request id. Calls in flight at the end are awaited
(up to 60 s) and counted. While the server is down (restarting), calls wait
for it up to their deadline; calls cut off by a crash count as UNAVAILABLE
errors, and the run goes on.
)";

struct Options {
  motcua::client::ClientOptions client;
  double desk = 8, dashboard = 2, batch = 0;
  int in_flight = 64;
  double rate = 0;
  absl::Duration duration = absl::Seconds(10);
  int64_t count = -1;
  bool json = false;
  std::string acknowledged;  // file of acknowledged writes; empty: none
  motcua::client::TrafficOptions traffic;
};

// The smallest double above zero: a range that starts here refuses 0.
constexpr double kAboveZero = std::numeric_limits<double>::denorm_min();

// --mix=desk:8,dashboard:2,batch:0 into the three weights.
absl::Status ParseMix(const std::string& value, Options* o) {
  o->desk = o->dashboard = o->batch = 0;
  bool ok = true;
  for (absl::string_view part : absl::StrSplit(value, ',')) {
    std::pair<std::string, std::string> kv = absl::StrSplit(part, ':');
    double w = 0;
    ok = ok && absl::SimpleAtod(kv.second, &w) && w >= 0;
    if (kv.first == "desk") {
      o->desk = w;
    } else if (kv.first == "dashboard") {
      o->dashboard = w;
    } else if (kv.first == "batch") {
      o->batch = w;
    } else {
      ok = false;
    }
  }
  if (!ok || o->desk + o->dashboard + o->batch <= 0) {
    return motcua::cmdline::BadValue("mix", value);
  }
  return absl::OkStatus();
}

absl::StatusOr<Options> Parse(int argc, char** argv) {
  motcua::cmdline::FlagSpec spec;
  spec.values = {"address",    "token",        "mix",    "in_flight",
                 "rate",       "duration",     "count",  "report_share",
                 "late_share", "online_share", "year",   "seed",
                 "deadline",   "acknowledged", "retries"};
  spec.booleans = {"json"};
  MOTCUA_ASSIGN_OR_RETURN(motcua::cmdline::Flags f,
                          motcua::cmdline::Flags::Parse(argc, argv, spec));
  if (!f.positional().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("expected --name=value, got '", f.positional()[0], "'"));
  }
  Options o;
  const char* env_token = std::getenv("MOTCUA_TOKEN");
  o.client.address = f.GetString("address", o.client.address);
  o.client.token = f.GetString("token", env_token ? env_token : "");
  if (f.Has("mix")) MOTCUA_RETURN_IF_ERROR(ParseMix(f.GetString("mix"), &o));
  MOTCUA_ASSIGN_OR_RETURN(o.in_flight,
                          f.GetInt64("in_flight", o.in_flight, 1, 100000));
  MOTCUA_ASSIGN_OR_RETURN(o.rate,
                          f.GetDouble("rate", o.rate, kAboveZero, HUGE_VAL));
  MOTCUA_ASSIGN_OR_RETURN(const double duration,
                          f.GetDouble("duration", 10, kAboveZero, 86400));
  o.duration = absl::Seconds(duration);
  MOTCUA_ASSIGN_OR_RETURN(
      o.count,
      f.GetInt64("count", o.count, 1, std::numeric_limits<int64_t>::max()));
  MOTCUA_ASSIGN_OR_RETURN(
      o.traffic.report_share,
      f.GetDouble("report_share", o.traffic.report_share, 0, 1));
  MOTCUA_ASSIGN_OR_RETURN(
      o.traffic.late_share,
      f.GetDouble("late_share", o.traffic.late_share, 0, 1));
  MOTCUA_ASSIGN_OR_RETURN(
      o.traffic.online_share,
      f.GetDouble("online_share", o.traffic.online_share, 0, 1));
  const int this_year = static_cast<int>(
      absl::ToCivilYear(absl::Now(), absl::UTCTimeZone()).year());
  MOTCUA_ASSIGN_OR_RETURN(
      o.traffic.report_year,
      f.GetInt64("year", this_year, std::numeric_limits<int>::min(),
                 std::numeric_limits<int>::max()));
  MOTCUA_ASSIGN_OR_RETURN(
      o.traffic.seed, f.GetInt64("seed", static_cast<int64_t>(o.traffic.seed),
                                 0, std::numeric_limits<int64_t>::max()));
  MOTCUA_ASSIGN_OR_RETURN(
      const double deadline,
      f.GetDouble("deadline", absl::ToDoubleSeconds(o.client.deadline),
                  kAboveZero, 3600));
  o.client.deadline = absl::Seconds(deadline);
  MOTCUA_ASSIGN_OR_RETURN(o.traffic.retries,
                          f.GetInt64("retries", o.traffic.retries, 0, 100));
  o.acknowledged = f.GetString("acknowledged");
  if (f.Has("acknowledged") && o.acknowledged.empty()) {
    return motcua::cmdline::BadValue("acknowledged", "");
  }
  o.json = f.GetBool("json", false);
  return o;
}

// Issues calls until the duration or the count is spent, and waits for the
// last ones.
class Driver {
 public:
  Driver(const Options& o, Traffic& traffic)
      : o_(o), traffic_(traffic), random_(o.traffic.seed + 1) {}

  // Starts one call if the budget allows; false when it is spent.
  bool StartOne() {
    if (absl::Now() >= deadline_ ||
        (o_.count > 0 && issued_.fetch_add(1) >= o_.count)) {
      return false;
    }
    double pick;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++outstanding_;
      pick = std::uniform_real_distribution<double>(
          0, o_.desk + o_.dashboard + o_.batch)(random_);
    }
    auto done = [this] { Done(); };
    if (pick < o_.desk) {
      traffic_.StartDesk(done);
    } else if (pick < o_.desk + o_.dashboard) {
      traffic_.StartDashboard(done);
    } else {
      traffic_.StartBatch(done);
    }
    return true;
  }

  void Run() {
    start_ = absl::Now();
    deadline_ = start_ + o_.duration;
    if (o_.rate > 0) {
      // Open loop: calls start on schedule whatever the answers do. The
      // calls due are started together, waking at most every kTick: with
      // a wake-up per call, rate queries offered at 5,000/s on 2 cores got
      // 4,661/s (p50 383 ms) as the generator's wake-ups took the server's
      // CPU; with this, 4,999/s (p50 3 ms) from the same server and store.
      constexpr absl::Duration kTick = absl::Milliseconds(1);
      const absl::Duration gap = absl::Seconds(1) / o_.rate;
      absl::Time next = start_;
      for (bool more = true; more;) {
        const absl::Time now = absl::Now();
        for (; more && next <= now; next += gap) more = StartOne();
        if (more) absl::SleepFor(std::max(next - now, kTick));
      }
    } else {
      closed_loop_ = true;
      for (int i = 0; i < o_.in_flight; ++i) {
        if (!StartOne()) break;
      }
    }
    std::unique_lock<std::mutex> lock(mutex_);
    stopped_issuing_.wait_until(
        lock, absl::ToChronoTime(deadline_ + absl::Seconds(60)), [&] {
          return outstanding_ == 0 && (absl::Now() >= deadline_ || IssuedAll());
        });
    end_ = absl::Now();
  }

  absl::Duration elapsed() const { return end_ - start_; }
  absl::Time start() const { return start_; }
  int64_t outstanding() {
    std::lock_guard<std::mutex> lock(mutex_);
    return outstanding_;
  }

 private:
  bool IssuedAll() const { return o_.count > 0 && issued_.load() >= o_.count; }

  void Done() {
    // Closed loop: each answer starts the next call.
    if (closed_loop_ && StartOne()) {
      std::lock_guard<std::mutex> lock(mutex_);
      --outstanding_;
      return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    --outstanding_;
    stopped_issuing_.notify_all();
  }

  const Options& o_;
  Traffic& traffic_;
  std::mutex mutex_;  // guards outstanding_ and random_
  std::condition_variable stopped_issuing_;
  std::mt19937_64 random_;
  int64_t outstanding_ = 0;
  std::atomic<int64_t> issued_{0};
  std::atomic<bool> closed_loop_{false};
  absl::Time start_, deadline_ = absl::InfiniteFuture(), end_;
};

}  // namespace

int main(int argc, char** argv) {
  if (motcua::cmdline::AsksForHelp(argc, argv)) {
    std::cout << kUsage;
    return 0;
  }
  absl::StatusOr<Options> o = Parse(argc, argv);
  if (!o.ok()) {
    std::cerr << "motcua-load: " << o.status().message() << "\n";
    return 2;
  }
  motcua::client::Client client(o->client);
  absl::StatusOr<motcua::client::LoadCatalogue> catalogue =
      motcua::client::FetchLoadCatalogue(client);
  if (!catalogue.ok()) {
    std::cerr << "motcua-load: reading the catalogue: "
              << catalogue.status().message() << "\n";
    return 1;
  }
  std::unique_ptr<motcua::client::AcknowledgedWritesLog> acknowledged;
  if (!o->acknowledged.empty()) {
    absl::StatusOr<std::unique_ptr<motcua::client::AcknowledgedWritesLog>> log =
        motcua::client::AcknowledgedWritesLog::Open(o->acknowledged);
    if (!log.ok()) {
      std::cerr << "motcua-load: " << log.status().message() << "\n";
      return 1;
    }
    acknowledged = *std::move(log);
  }
  LoadStats stats;
  Traffic traffic(client, *std::move(catalogue), o->traffic, stats,
                  acknowledged.get());
  Driver driver(*o, traffic);
  std::atomic<bool> finished{false};
  std::thread progress([&] {
    int64_t last = 0;
    while (!finished.load()) {
      absl::SleepFor(absl::Seconds(1));
      if (finished.load()) break;
      const int64_t calls = stats.calls();
      std::cerr << "\r"
                << absl::StrCat(static_cast<int64_t>(absl::ToDoubleSeconds(
                                    absl::Now() - driver.start())),
                                " s: ", calls, " calls, ", calls - last, "/s, ",
                                stats.errors(), " errors, ",
                                driver.outstanding(), " in flight   ")
                << std::flush;
      last = calls;
    }
  });
  driver.Run();
  finished = true;
  progress.join();
  std::cerr << "\n";
  std::cout << (o->json ? stats.Json(driver.elapsed())
                        : stats.Table(driver.elapsed()));
  if (traffic.unrecorded() > 0) {
    std::cerr << "motcua-load: " << traffic.unrecorded()
              << " acknowledged writes missing from " << o->acknowledged
              << "\n";
    return 1;
  }
  return driver.outstanding() == 0 ? 0 : 1;
}

// A replicated province (deploy/patroni/province.sh: one etcd member, three
// PostgreSQL nodes under Patroni, synchronous and strict) under one
// motcua-server, through three failovers while motcua-load drives desk
// writes: twice the primary's PostgreSQL is killed (SIGKILL, every process
// of it), once the whole node (its Patroni agent too, as a lost machine).
// Each time: calls cut off fail UNAVAILABLE (or run out their deadline),
// never with a wrong answer; retried writes (same request id) apply once;
// health says NOT_SERVING while there is no primary; the server finds the
// new primary by itself. Afterwards every acknowledged write is there and
// Verify is clean. Prints, per failover, the time from the kill to the
// first write acknowledged on the new primary (target: under 15 s).
#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "client/acknowledged_writes.h"
#include "gtest/gtest.h"
#include "tests/e2e/acknowledged_checks.h"
#include "tests/e2e/durability_testing.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

// A province made by deploy/patroni/province.sh in a fresh folder, stopped
// and removed when the object goes.
class Province {
 public:
  Province() {
    std::string pattern = "/tmp/motcua-province-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) dir_ = pattern;
  }
  ~Province() {
    Run("stop");
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  // province.sh `command` on this province's folder, then `args`.
  CommandResult Run(const std::string& command,
                    const std::vector<std::string>& args = {}) const {
    std::vector<std::string> argv = {"/bin/bash", MOTCUA_PROVINCE_SCRIPT,
                                     command, dir_};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  }
  // The primary's member name; empty while there is none.
  std::string Primary() const {
    return std::string(absl::StripAsciiWhitespace(Run("primary").out));
  }

 private:
  std::string dir_;
};

// Watches the server's health (`motcua health`) every 100 ms in the
// background and counts the NOT_SERVING answers.
class HealthWatch {
 public:
  explicit HealthWatch(std::string address) : address_(std::move(address)) {
    thread_ = std::thread([this] {
      while (!stop_.load()) {
        const std::string word = ServerHealth(address_, 1);
        if (word == "NOT_SERVING") ++not_serving_;
        if (word == "SERVING") ++serving_;
        absl::SleepFor(absl::Milliseconds(100));
      }
    });
  }
  ~HealthWatch() {
    stop_ = true;
    thread_.join();
  }
  int64_t not_serving() const { return not_serving_.load(); }
  int64_t serving() const { return serving_.load(); }

 private:
  std::string address_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> not_serving_{0}, serving_{0};
  std::thread thread_;
};

// Sends one reception again and again (same request id, 3 s deadline)
// until the server acknowledges it; the time it took and the write.
struct Probe {
  absl::Duration waited;
  client::AcknowledgedWrite write;
};
Probe ProbeUntilAcknowledged(client::Client& c, const std::string& id,
                             absl::Time since) {
  v1::ReceiveDossierRequest r;
  r.mutable_write()->set_request_id(id);
  r.set_agency_code("H29.18070");
  r.set_procedure_code("1.000894");
  r.set_channel(v1::DIRECT);
  r.mutable_applicant()->set_kind(v1::Applicant::PERSON);
  r.mutable_applicant()->set_name("Phạm Thị Thu");
  r.mutable_applicant()->set_id_number("042190002222");
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (absl::Now() < give_up) {
    absl::StatusOr<v1::Receipt> receipt =
        c.Call(&v1::DossierService::Stub::ReceiveDossier, *c.dossiers(), r);
    if (receipt.ok()) {
      const v1::Dossier& d = receipt->dossier();
      return {absl::Now() - since,
              {"ReceiveDossier", d.code(), d.version(), d.status(), id}};
    }
    EXPECT_TRUE(absl::IsUnavailable(receipt.status()) ||
                absl::IsDeadlineExceeded(receipt.status()))
        << receipt.status();
    absl::SleepFor(absl::Milliseconds(50));
  }
  ADD_FAILURE() << "no write acknowledged within 60 s of the kill";
  return {absl::InfiniteDuration(), {}};
}

TEST(Failover, NoAcknowledgedWriteIsLostOverThreeFailovers) {
  Province province;
  const CommandResult started = province.Run("start", {"3"});
  ASSERT_EQ(started.exit_code, 0) << started.err;
  const std::string uri(absl::StripAsciiWhitespace(started.out));

  TempDir dir;
  const std::string data = dir.Sub("data");
  std::vector<std::string> flags = DemoServerFlags();
  flags.push_back("--store=" + uri);
  flags.push_back("--health_check_interval_ms=200");
  ServerProcess server(data, flags);
  ASSERT_TRUE(server.started()) << server.output();
  const std::string admin = ReadAdminToken(data);
  const std::string log = dir.Sub("acknowledged.tsv");
  client::ClientOptions options;
  options.address = server.address();
  options.token = admin;
  options.deadline = absl::Seconds(3);
  client::Client probe(options);

  struct Round {
    std::string kill;  // "postgres" or "node"
    std::string old_primary, new_primary;
    absl::Duration to_first_write;
    int64_t not_serving = 0;
  };
  std::vector<Round> rounds(3);
  rounds[0].kill = "postgres";
  rounds[1].kill = "node";
  rounds[2].kill = "postgres";
  std::vector<client::AcknowledgedWrite> probes;
  std::map<int, int64_t> errors;
  int64_t calls = 0;
  for (size_t i = 0; i < rounds.size(); ++i) {
    Round& round = rounds[i];
    HealthWatch health(server.address());
    // Desk lives, 16 in flight, for 20 s; a call waits up to 10 s, and one
    // cut off is sent again (same request id) up to 5 times.
    std::future<CommandResult> load =
        std::async(std::launch::async, RunCommand,
                   std::vector<std::string>{
                       MOTCUA_LOAD_BINARY, "--address=" + server.address(),
                       "--token=" + admin, "--mix=desk:1", "--in_flight=16",
                       "--duration=20", "--deadline=10", "--retries=5",
                       "--acknowledged=" + log,
                       absl::StrCat("--seed=", 100 + i), "--json"},
                   std::vector<std::string>{});
    absl::SleepFor(absl::Seconds(4));
    round.old_primary = province.Primary();
    ASSERT_FALSE(round.old_primary.empty());
    const absl::Time killed = absl::Now();
    const CommandResult kill =
        province.Run("kill", {round.old_primary, round.kill});
    ASSERT_EQ(kill.exit_code, 0) << kill.err;
    const Probe first = ProbeUntilAcknowledged(
        probe, absl::StrCat("failover-probe-", i), killed);
    round.to_first_write = first.waited;
    probes.push_back(first.write);
    round.new_primary = province.Primary();

    const CommandResult run = load.get();
    ASSERT_EQ(run.exit_code, 0) << run.err;
    for (const auto& [code, n] : LoadErrorsByCode(run.out)) errors[code] += n;
    calls += LoadCalls(run.out);
    round.not_serving = health.not_serving();
    if (round.kill == "node") {
      const CommandResult restarted =
          province.Run("restart", {round.old_primary});
      ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
    }
    // The old primary rejoins as a standby before the next failover.
    const CommandResult ready = province.Run("wait-ready", {"90"});
    ASSERT_EQ(ready.exit_code, 0) << ready.err;
  }

  for (const auto& [code, n] : errors) {
    EXPECT_TRUE(code == grpc::StatusCode::UNAVAILABLE ||
                code == grpc::StatusCode::DEADLINE_EXCEEDED)
        << n << " calls failed with code " << code;
  }
  ASSERT_TRUE(server.Running()) << "the server died in a failover";
  absl::StatusOr<std::vector<client::AcknowledgedWrite>> acknowledged =
      client::ReadAcknowledgedWrites(log);
  ASSERT_TRUE(acknowledged.ok()) << acknowledged.status();
  acknowledged->insert(acknowledged->end(), probes.begin(), probes.end());
  probe.set_deadline(absl::Seconds(60));
  const AcknowledgedCheck check = CheckAcknowledgedWrites(probe, *acknowledged);
  EXPECT_EQ(check.problem_count, 0) << check.problems.front() << " (and "
                                    << check.problem_count - 1 << " more)";
  absl::StatusOr<int64_t> verified = VerifyStoreClean(probe);
  ASSERT_TRUE(verified.ok()) << verified.status();

  for (size_t i = 0; i < rounds.size(); ++i) {
    const Round& r = rounds[i];
    std::cout << "failover " << i + 1 << ": killed "
              << (r.kill == "node" ? "the node (Patroni and PostgreSQL)"
                                   : "PostgreSQL")
              << " of primary " << r.old_primary << "; new primary "
              << r.new_primary << "; first write acknowledged "
              << absl::ToDoubleSeconds(r.to_first_write)
              << " s after the kill; health NOT_SERVING " << r.not_serving
              << " times\n";
    EXPECT_NE(r.new_primary, r.old_primary) << "failover " << i + 1;
    EXPECT_LT(r.to_first_write, absl::Seconds(15)) << "failover " << i + 1;
    EXPECT_GT(r.not_serving, 0) << "failover " << i + 1;
  }
  const int64_t cut_off = errors[grpc::StatusCode::UNAVAILABLE] +
                          errors[grpc::StatusCode::DEADLINE_EXCEEDED];
  std::cout << "failover test: " << rounds.size() << " failovers, " << calls
            << " desk calls, " << cut_off
            << " cut off (UNAVAILABLE or deadline) and retried, "
            << check.writes << " acknowledged writes checked on "
            << check.dossiers << " dossiers, none lost; verify clean over "
            << *verified << " dossiers\n";
  EXPECT_GE(check.writes, 1000);
}

}  // namespace
}  // namespace motcua::testing

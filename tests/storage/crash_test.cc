// A writer killed with SIGKILL at random moments loses no acknowledged
// write and leaves nothing half-written: after each kill the store reopens
// with every acknowledged (dossier, version) present and Verify() clean.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

// The child: writes random histories forever, reporting each acknowledged
// write on `fd` as "code version\n" (one write(2) per line: atomic).
[[noreturn]] void WriteUntilKilled(const Engine& engine,
                                   const std::string& path, const World& world,
                                   uint64_t seed, int fd) {
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      engine.open(path, nullptr);
  if (!store.ok()) _exit(2);
  HistoryGenerator generator(world, ShippedCalendar(), core::DomainRules(),
                             seed);
  for (;;) {
    absl::StatusOr<std::string> code =
        generator.PlayOne(**store, [fd](const storage::DossierWrite& w) {
          const std::string line =
              absl::StrCat(w.dossier.code, " ", w.dossier.version, "\n");
          if (write(fd, line.data(), line.size()) !=
              static_cast<ssize_t>(line.size())) {
            _exit(4);
          }
        });
    if (!code.ok()) _exit(3);
  }
}

class CrashRecovery : public ::testing::TestWithParam<Engine> {};

TEST_P(CrashRecovery, AcknowledgedWritesSurviveSigkill) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  const World world = SmallProvince();
  ShippedCalendar();  // load before forking
  {
    auto store = *GetParam().open(path, nullptr);
    ASSERT_TRUE(LoadWorld(world, *store).ok());
  }
  std::map<std::string, int64_t> acknowledged;  // code -> highest version
  int64_t acknowledged_writes = 0;
  int kills = 0;
  std::mt19937 random(42);
  const absl::Time deadline = absl::Now() + absl::Seconds(25);
  while (kills < 20 && absl::Now() < deadline) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(fds[0]);
      WriteUntilKilled(GetParam(), path, world, 1000 + kills, fds[1]);
    }
    close(fds[1]);
    std::string received;
    char buffer[4096];
    const absl::Time kill_at =
        absl::Now() + absl::Milliseconds(100 + random() % 500);
    auto drain = [&](int timeout_ms) {
      pollfd p{fds[0], POLLIN, 0};
      if (poll(&p, 1, timeout_ms) <= 0) return false;
      const ssize_t n = read(fds[0], buffer, sizeof buffer);
      if (n <= 0) return false;
      received.append(buffer, static_cast<size_t>(n));
      return true;
    };
    while (absl::Now() < kill_at) drain(10);
    kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status))
        << "the writer stopped by itself with exit code "
        << WEXITSTATUS(status);
    while (drain(0)) {
    }
    close(fds[0]);
    ++kills;

    std::istringstream lines(received);
    std::string code;
    int64_t version = 0;
    while (lines >> code >> version) {
      ++acknowledged_writes;
      int64_t& highest = acknowledged[code];
      highest = std::max(highest, version);
    }

    absl::StatusOr<std::unique_ptr<storage::Store>> store =
        GetParam().open(path, nullptr);
    ASSERT_TRUE(store.ok()) << store.status();
    for (const auto& [c, v] : acknowledged) {
      absl::StatusOr<core::Dossier> d = (*store)->GetDossier(c);
      ASSERT_TRUE(d.ok()) << "acknowledged dossier " << c << " lost after kill "
                          << kills << ": " << d.status();
      ASSERT_GE(d->version, v) << c;
    }
    absl::StatusOr<storage::VerifyReport> report = (*store)->Verify(false);
    ASSERT_TRUE(report.ok()) << report.status();
    ASSERT_TRUE(report->consistent())
        << "after kill " << kills << ": "
        << (report->counter_differences.empty()
                ? (report->index_differences.empty()
                       ? report->history_differences[0]
                       : report->index_differences[0])
                : report->counter_differences[0]);
  }
  std::cout << GetParam().name << ": kills " << kills
            << ", acknowledged writes checked " << acknowledged_writes
            << ", dossiers " << acknowledged.size() << "\n";
  EXPECT_GE(kills, 5);
  EXPECT_GT(acknowledged_writes, 100);
}

INSTANTIATE_TEST_SUITE_P(Engines, CrashRecovery, ::testing::ValuesIn(Engines()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace motcua::testing

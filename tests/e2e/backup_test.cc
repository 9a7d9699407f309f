// An online backup taken through the CLI while motcua-load writes to the
// real server: restored by motcua-restore into a new folder and served,
// it holds every write acknowledged before the backup call started, and
// Verify is clean.
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "client/acknowledged_writes.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/acknowledged_checks.h"
#include "tests/e2e/durability_testing.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using ::testing::HasSubstr;

// A copy of the file at `from` as it is now.
void Snapshot(const std::string& from, const std::string& to) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary);
  out << in.rdbuf();
}

TEST(OnlineBackup, HoldsEveryWriteAcknowledgedBeforeItStartedUnderLoad) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  ServerProcess server(data, DemoServerFlags());
  ASSERT_TRUE(server.started()) << server.output();
  const std::string admin = ReadAdminToken(data);
  const std::string log = dir.Sub("acknowledged.tsv");

  // Desk lives (every call a write), 8 in flight, for 8 s.
  std::future<CommandResult> load = std::async(
      std::launch::async, RunCommand,
      std::vector<std::string>{
          MOTCUA_LOAD_BINARY, "--address=" + server.address(),
          "--token=" + admin, "--mix=desk:1", "--in_flight=8", "--duration=8",
          "--acknowledged=" + log, "--seed=15", "--json"},
      std::vector<std::string>{});
  absl::SleepFor(absl::Seconds(3));

  // motcua-load writes each line after its write's answer, with one
  // write(2): every complete line in the log now was acknowledged before
  // the backup call starts.
  const std::string before_log = dir.Sub("acknowledged-before-backup.tsv");
  Snapshot(log, before_log);
  const std::string backups = dir.Sub("backups");
  const CommandResult backup =
      RunCommand({MOTCUA_CLI_BINARY, "--addr=" + server.address(),
                  "--token=" + admin, "store", "backup", backups});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_THAT(backup.out, HasSubstr("backup 1 in " + backups + ": "));

  const CommandResult run = load.get();
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(LoadErrorsByCode(run.out).empty()) << run.out;
  absl::StatusOr<std::vector<client::AcknowledgedWrite>> before =
      client::ReadAcknowledgedWrites(before_log);
  ASSERT_TRUE(before.ok()) << before.status();
  absl::StatusOr<std::vector<client::AcknowledgedWrite>> all =
      client::ReadAcknowledgedWrites(log);
  ASSERT_TRUE(all.ok()) << all.status();
  // Not vacuous: many writes before the backup, and writes went on during
  // and after it.
  EXPECT_GE(before->size(), 200u);
  EXPECT_GT(all->size(), before->size());
  ASSERT_EQ(server.Stop(), 0);

  const std::string restored = dir.Sub("restored");
  const CommandResult restore =
      RunCommand({MOTCUA_RESTORE_BINARY, "--backup_dir=" + backups,
                  "--data_dir=" + restored});
  ASSERT_EQ(restore.exit_code, 0) << restore.out << restore.err;
  EXPECT_THAT(restore.out, HasSubstr("restored backup 1 of " + backups));
  EXPECT_THAT(restore.out, HasSubstr("; differences: counters 0, indexes 0, "
                                     "histories 0, sequences 0"));

  ServerProcess again(restored, DemoServerFlags());
  ASSERT_TRUE(again.started()) << again.output();
  client::ClientOptions options;
  options.address = again.address();
  options.token = admin;  // tokens are in the store, so in the backup
  client::Client reader(options);
  const AcknowledgedCheck check = CheckAcknowledgedWrites(reader, *before);
  EXPECT_EQ(check.problem_count, 0)
      << (check.problems.empty() ? "" : check.problems.front()) << " (and "
      << check.problem_count - 1 << " more)";
  absl::StatusOr<int64_t> verified = VerifyStoreClean(reader);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_GE(*verified, check.dossiers);
  std::cout << "online backup test: " << check.writes
            << " writes acknowledged before the backup checked on "
            << check.dossiers << " dossiers (" << all->size()
            << " acknowledged in all); restored store verify clean over "
            << *verified << " dossiers; " << backup.out;
}

}  // namespace
}  // namespace motcua::testing

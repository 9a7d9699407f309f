// End to end: online backups through the real motcua CLI against the real
// motcua-server on 127.0.0.1:0, their restore by motcua-restore, and
// `motcua health`.
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using ::testing::HasSubstr;

class BackupCli : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(dir_.Sub("data"), DemoFlags());
    ASSERT_TRUE(server_->started()) << server_->output();
    admin_ = ReadAdminToken(dir_.Sub("data"));
  }
  CommandResult Cli(std::vector<std::string> args,
                    const std::string& token = "") {
    return RunCli(server_->address(), token.empty() ? admin_ : token,
                  std::move(args));
  }
  CommandResult Restore(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {MOTCUA_RESTORE_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  }
  void ReceiveOne() {
    const CommandResult r =
        Cli({"dossier", "receive", "--agency=H29.18070", "--procedure=1.000894",
             "--name=Trần Thị B", "--id-number=042190005678"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::string admin_;
};

TEST_F(BackupCli, BacksUpListsPrunesAndRestoresTheChosenBackup) {
  const std::string backups = dir_.Sub("backups");
  ReceiveOne();
  CommandResult r = Cli({"store", "backup", backups});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("backup 1 in " + backups + ": "));
  ReceiveOne();
  r = Cli({"store", "backup", backups});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("backup 2 in " + backups + ": "));
  ReceiveOne();
  r = Cli({"--json", "store", "backup", backups});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"id\": \"3\""));
  EXPECT_THAT(r.out, HasSubstr("\"added_bytes\": \""));

  r = Cli({"store", "backups", backups});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("id"));
  EXPECT_THAT(r.out, HasSubstr("\n1 "));
  EXPECT_THAT(r.out, HasSubstr("\n2 "));
  EXPECT_THAT(r.out, HasSubstr("\n3 "));

  r = Cli({"store", "prune", backups, "--keep=2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("deleted 1; kept:"));
  r = Cli({"--json", "store", "backups", backups});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("\"id\": \"1\"")));
  EXPECT_THAT(r.out, HasSubstr("\"id\": \"2\""));
  EXPECT_THAT(r.out, HasSubstr("\"id\": \"3\""));
  r = Cli({"store", "prune", backups, "--keep=2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("deleted none; kept:"));

  // Backup 2 was taken after the second dossier: it holds exactly two.
  const std::string restored = dir_.Sub("restored");
  r = Restore(
      {"--backup_dir=" + backups, "--backup_id=2", "--data_dir=" + restored});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("restored backup 2 of " + backups));
  EXPECT_THAT(r.out,
              HasSubstr("verify: dossiers checked 2; differences: counters 0, "
                        "indexes 0, histories 0, sequences 0"));
  // The newest is the default; the restore refuses a folder with data.
  r = Restore({"--backup_dir=" + backups, "--data_dir=" + restored});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("FAILED_PRECONDITION: --data_dir " + restored +
                               " is not empty"));
  r = Restore({"--backup_dir=" + backups, "--data_dir=" + dir_.Sub("newest")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("restored backup 3 of " + backups));
  EXPECT_THAT(r.out, HasSubstr("verify: dossiers checked 3; "));
  r = Restore({"--backup_dir=" + backups, "--backup_id=1",
               "--data_dir=" + dir_.Sub("pruned")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err,
              HasSubstr("NOT_FOUND: backup 1 is not in '" + backups + "'"));
  r = Restore({"--data_dir=" + dir_.Sub("x")});
  EXPECT_EQ(r.exit_code, 2);

  // The restored folder serves, with the tokens it had.
  server_->Stop();
  server_ = std::make_unique<ServerProcess>(restored);
  ASSERT_TRUE(server_->started()) << server_->output();
  r = Cli({"store", "verify"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("dossiers checked 2; differences: counters 0"));
}

TEST_F(BackupCli, RefusesFoldersItMustNotUseNamingThem) {
  CommandResult r = Cli({"store", "backup", "relative/backups"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT: backup folder "
                               "'relative/backups' must be an absolute path"));
  // The data folder itself holds the store.
  r = Cli({"store", "backup", dir_.Sub("data")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err,
              HasSubstr("INVALID_ARGUMENT: backup folder '" + dir_.Sub("data") +
                        "' is the store's data folder"));
  r = Cli({"store", "backup", dir_.Sub("data") + "/store/backups"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("INVALID_ARGUMENT: backup folder '" +
                               dir_.Sub("data") + "/store/backups'"));
  // A folder that cannot be created: its parent is a file.
  std::ofstream(dir_.Sub("file")) << "x";
  r = Cli({"store", "backup", dir_.Sub("file") + "/backups"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("FAILED_PRECONDITION: cannot create backup "
                               "folder '" +
                               dir_.Sub("file") + "/backups'"));
  r = Cli({"store", "backups", dir_.Sub("none")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND: backup folder '" + dir_.Sub("none") +
                               "' does not exist"));
  r = Cli({"store", "prune", dir_.Sub("none"), "--keep=0"});
  EXPECT_EQ(r.exit_code, 2);
  r = Cli({"store", "prune", dir_.Sub("none")});
  EXPECT_EQ(r.exit_code, 2);
  r = Cli({"store", "backup"});
  EXPECT_EQ(r.exit_code, 2);

  // ADMIN only.
  r = Cli({"token", "create", "--principal=desk", "--role=DESK",
           "--agency=H29.18070"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string kSecret = "secret (shown once): ";
  const size_t at = r.out.find(kSecret) + kSecret.size();
  const std::string desk = r.out.substr(at, r.out.find('\n', at) - at);
  r = Cli({"store", "backup", dir_.Sub("backups")}, desk);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("PERMISSION_DENIED"));
  r = Cli({"store", "backups", dir_.Sub("backups")});
  EXPECT_EQ(r.exit_code, 1) << "a refused backup made no folder";
}

TEST_F(BackupCli, HealthSaysServingThenNotServingOnceTheServerStops) {
  // No token needed.
  CommandResult r =
      RunCommand({MOTCUA_CLI_BINARY, "--addr=" + server_->address(), "health"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "SERVING\n");
  r = Cli({"--json", "health", "--timeout=2"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "{\"status\": \"SERVING\"}\n");
  r = Cli({"health", "--timeout=soon"});
  EXPECT_EQ(r.exit_code, 2);
  r = Cli({"health", "now"});
  EXPECT_EQ(r.exit_code, 2);

  ASSERT_EQ(server_->Stop(), 0);
  r = Cli({"health", "--timeout=2"});  // the port is closed now
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "NOT_SERVING\n");
  EXPECT_THAT(r.err, HasSubstr("UNAVAILABLE"));
}

}  // namespace
}  // namespace motcua::testing

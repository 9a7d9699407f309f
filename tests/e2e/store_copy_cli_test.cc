// End to end: `motcua store copy` (offline, no server) between a real
// server's RocksDB store and a PostgreSQL database of a throw-away cluster,
// and back; and its answers to bad input.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/process_testing.h"
#include "tests/testing/pg_cluster.h"
#include "tests/testing/temp_dir.h"

namespace motcua::testing {
namespace {

using ::testing::HasSubstr;

CommandResult Copy(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {MOTCUA_CLI_BINARY, "store", "copy"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

// A postgresql:// URI for `database` of the process's cluster.
std::string PostgresUri(const std::string& database) {
  absl::StatusOr<PgCluster*> cluster = PgCluster::Shared();
  EXPECT_TRUE(cluster.ok()) << cluster.status();
  if (!cluster.ok()) return "";
  EXPECT_TRUE((*cluster)->CreateDatabase(database).ok());
  return absl::StrCat("postgresql:///", database, "?host=", (*cluster)->dir(),
                      "&port=", (*cluster)->port(), "&user=postgres");
}

TEST(StoreCopyCli, CopiesAServersStoreToPostgresAndBack) {
  TempDir dir;
  std::string code;
  {
    ServerProcess server(dir.Sub("data"), DemoFlags());
    ASSERT_TRUE(server.started()) << server.output();
    const std::string admin = ReadAdminToken(dir.Sub("data"));
    const CommandResult r =
        RunCli(server.address(), admin,
               {"--json", "dossier", "receive", "--agency=H29.18070",
                "--procedure=1.000894", "--name=Trần Thị B",
                "--id-number=042190005678"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const size_t at = r.out.find("H29.18070-");
    ASSERT_NE(at, std::string::npos) << r.out;
    code = r.out.substr(at, 21);
    // The copy is offline: a running server holds its RocksDB store.
    const CommandResult busy = Copy({"--from=" + dir.Sub("data") + "/store",
                                     "--to=" + dir.Sub("elsewhere")});
    EXPECT_EQ(busy.exit_code, 1);
    EXPECT_THAT(busy.err, HasSubstr("stop it first"));
    ASSERT_EQ(server.Stop(), 0);
  }
  const std::string uri = PostgresUri("cli_copy");
  // A server's --data_dir is read as its store/ folder.
  CommandResult r = Copy({"--from=" + dir.Sub("data"), "--to=" + uri});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("dossiers: 1 copied"));
  EXPECT_THAT(r.out, HasSubstr("histories 0, sequences 0"));
  // Again: nothing to copy.
  r = Copy({"--from=" + dir.Sub("data") + "/store", "--to=" + uri});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("0 copied with 0 events, 1 already there"));
  // And back into a new server's store, which then serves the dossier.
  r = Copy({"--from=" + uri, "--to=" + dir.Sub("back") + "/store"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  ServerProcess back(dir.Sub("back"), DemoFlags());
  ASSERT_TRUE(back.started()) << back.output();
  // The copied tokens are the source's: its admin token works.
  r = RunCli(back.address(), ReadAdminToken(dir.Sub("data")),
             {"dossier", "get", code});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(code));
}

TEST(StoreCopyCli, BadInputIsRefusedWithAClearMessage) {
  TempDir dir;
  CommandResult r = Copy({"--to=" + dir.Sub("x")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("needs --from"));
  r = Copy({"--from=" + dir.Sub("x")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("needs --to"));
  r = Copy({"--from=" + dir.Sub("x"), "--to=" + dir.Sub("x") + "/"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("the same store"));
  r = Copy({"--from=" + dir.Sub("nothing"), "--to=" + dir.Sub("y")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("holds no RocksDB store"));
  r = Copy({"--from=postgresql:///nowhere?host=" + dir.Sub("no-socket"),
            "--to=" + dir.Sub("y")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("cannot open --from database"));
}

}  // namespace
}  // namespace motcua::testing

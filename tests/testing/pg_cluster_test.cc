// PgCluster gives a test a PostgreSQL 15 server of its own: reachable by
// the connection string it hands out, with databases made and dropped on
// request, surviving an immediate stop and a restart, and gone afterwards.
#include "tests/testing/pg_cluster.h"

#include <libpq-fe.h>

#include <filesystem>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace motcua::testing {
namespace {

// The first column of the first row of `sql` on `conninfo`, as text.
absl::StatusOr<std::string> QueryOne(const std::string& conninfo,
                                     const std::string& sql) {
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn(
      PQconnectdb(conninfo.c_str()), &PQfinish);
  if (PQstatus(conn.get()) != CONNECTION_OK) {
    return absl::UnavailableError(PQerrorMessage(conn.get()));
  }
  std::unique_ptr<PGresult, decltype(&PQclear)> result(
      PQexec(conn.get(), sql.c_str()), &PQclear);
  const ExecStatusType status = PQresultStatus(result.get());
  if (status == PGRES_COMMAND_OK) return std::string();
  if (status != PGRES_TUPLES_OK) {
    return absl::InternalError(PQerrorMessage(conn.get()));
  }
  if (PQntuples(result.get()) < 1 || PQnfields(result.get()) < 1) {
    return absl::NotFoundError(absl::StrCat("no rows from ", sql));
  }
  return std::string(PQgetvalue(result.get(), 0, 0));
}

PgCluster* SharedOrDie() {
  absl::StatusOr<PgCluster*> pg = PgCluster::Shared();
  if (!pg.ok()) {
    ADD_FAILURE() << pg.status();
    return nullptr;
  }
  return *pg;
}

TEST(PgClusterTest, SharedReturnsTheSameClusterEveryTime) {
  absl::StatusOr<PgCluster*> first = PgCluster::Shared();
  absl::StatusOr<PgCluster*> second = PgCluster::Shared();
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*first, *second);
}

TEST(PgClusterTest, ConnectionStringNamesTheSocketFolderPortAndDatabase) {
  PgCluster* pg = SharedOrDie();
  ASSERT_NE(pg, nullptr);
  EXPECT_EQ(pg->ConnectionString("motcua"),
            absl::StrCat("host=", pg->dir(), " port=", pg->port(),
                         " user=postgres dbname=motcua"));
}

TEST(PgClusterTest, CreatedDatabaseAnswersQueries) {
  PgCluster* pg = SharedOrDie();
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(pg->CreateDatabase("answers").ok());
  absl::StatusOr<std::string> one =
      QueryOne(pg->ConnectionString("answers"), "SELECT 1");
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(*one, "1");
}

TEST(PgClusterTest, CreatingAnExistingDatabaseIsFine) {
  PgCluster* pg = SharedOrDie();
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(pg->CreateDatabase("twice").ok());
  absl::Status again = pg->CreateDatabase("twice");
  EXPECT_TRUE(again.ok()) << again;
}

TEST(PgClusterTest, DroppedDatabaseRefusesConnectionsEvenWithSessionsOpen) {
  PgCluster* pg = SharedOrDie();
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(pg->CreateDatabase("dropped").ok());
  // An open session: WITH (FORCE) ends it rather than failing the drop.
  std::unique_ptr<PGconn, decltype(&PQfinish)> session(
      PQconnectdb(pg->ConnectionString("dropped").c_str()), &PQfinish);
  ASSERT_EQ(PQstatus(session.get()), CONNECTION_OK)
      << PQerrorMessage(session.get());

  absl::Status dropped = pg->DropDatabase("dropped");
  ASSERT_TRUE(dropped.ok()) << dropped;
  absl::StatusOr<std::string> one =
      QueryOne(pg->ConnectionString("dropped"), "SELECT 1");
  EXPECT_FALSE(one.ok());
}

TEST(PgClusterTest, DroppingAMissingDatabaseIsFine) {
  PgCluster* pg = SharedOrDie();
  ASSERT_NE(pg, nullptr);
  absl::Status dropped = pg->DropDatabase("never_created");
  EXPECT_TRUE(dropped.ok()) << dropped;
}

TEST(PgClusterTest, StoppedServerRefusesConnections) {
  PgCluster* pg = SharedOrDie();
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(pg->StopImmediately().ok());
  absl::StatusOr<std::string> one =
      QueryOne(pg->ConnectionString("postgres"), "SELECT 1");
  EXPECT_FALSE(one.ok());
  ASSERT_TRUE(pg->Start().ok());
}

TEST(PgClusterTest, RestartedServerKeepsCommittedRows) {
  PgCluster* pg = SharedOrDie();
  ASSERT_NE(pg, nullptr);
  ASSERT_TRUE(pg->CreateDatabase("durable").ok());
  const std::string conninfo = pg->ConnectionString("durable");
  ASSERT_TRUE(
      QueryOne(conninfo, "CREATE TABLE IF NOT EXISTS kept (v int)").ok());
  ASSERT_TRUE(QueryOne(conninfo, "INSERT INTO kept VALUES (42)").ok());

  absl::Status stopped = pg->StopImmediately();
  ASSERT_TRUE(stopped.ok()) << stopped;
  absl::Status started = pg->Start();
  ASSERT_TRUE(started.ok()) << started;

  absl::StatusOr<std::string> one = QueryOne(conninfo, "SELECT 1");
  ASSERT_TRUE(one.ok()) << one.status();
  EXPECT_EQ(*one, "1");
  absl::StatusOr<std::string> kept =
      QueryOne(conninfo, "SELECT max(v) FROM kept");
  ASSERT_TRUE(kept.ok()) << kept.status();
  EXPECT_EQ(*kept, "42");
}

TEST(PgClusterTest, StartingARunningServerIsAnError) {
  PgCluster* pg = SharedOrDie();
  ASSERT_NE(pg, nullptr);
  EXPECT_EQ(pg->Start().code(), absl::StatusCode::kFailedPrecondition);
}

// Same port, different folders: two clusters (as in two test processes
// under ctest -j2) do not collide.
TEST(PgClusterTest, PrivateClusterRunsBesideTheSharedOneWithItsOwnSettings) {
  PgCluster* shared = SharedOrDie();
  ASSERT_NE(shared, nullptr);
  PgClusterOptions options;
  options.settings["max_connections"] = "37";
  absl::StatusOr<std::unique_ptr<PgCluster>> own = PgCluster::Create(options);
  ASSERT_TRUE(own.ok()) << own.status();
  EXPECT_NE((*own)->dir(), shared->dir());

  absl::StatusOr<std::string> mine =
      QueryOne((*own)->ConnectionString("postgres"), "SHOW max_connections");
  ASSERT_TRUE(mine.ok()) << mine.status();
  EXPECT_EQ(*mine, "37");
  absl::StatusOr<std::string> theirs =
      QueryOne(shared->ConnectionString("postgres"), "SHOW max_connections");
  ASSERT_TRUE(theirs.ok()) << theirs.status();
  EXPECT_EQ(*theirs, "200");
}

TEST(PgClusterTest, DestroyedClusterLeavesNoFolder) {
  absl::StatusOr<std::unique_ptr<PgCluster>> own = PgCluster::Create();
  ASSERT_TRUE(own.ok()) << own.status();
  const std::string dir = (*own)->dir();
  ASSERT_TRUE(std::filesystem::exists(dir + "/data"));
  own->reset();
  EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(PgClusterTest, FailedCommandIsNamedInTheErrorWithItsOutput) {
  PgClusterOptions options;
  options.bin_dir = "/nonexistent/pg/bin";
  absl::StatusOr<std::unique_ptr<PgCluster>> own = PgCluster::Create(options);
  ASSERT_FALSE(own.ok());
  EXPECT_TRUE(
      absl::StrContains(own.status().message(), "/nonexistent/pg/bin/initdb"))
      << own.status();
  // What the shell (or runuser) printed about it.
  EXPECT_TRUE(absl::StrContains(own.status().message(), "No such file") ||
              absl::StrContains(own.status().message(), "not found"))
      << own.status();
}

}  // namespace
}  // namespace motcua::testing

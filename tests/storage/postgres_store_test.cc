// What the PostgreSQL engine adds to the contract: its schema is created,
// versioned and guarded; Verify finds and repairs damage done underneath
// it with SQL, as an operator might; a counter row split in slots sums as
// one; an unreachable database is Unavailable.
#include <libpq-fe.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/counters.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/keys.h"
#include "storage/pg_connection.h"
#include "storage/pg_store.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/pg_cluster.h"

namespace motcua::testing {
namespace {

class PostgresStore : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<PgCluster*> cluster = PgCluster::Shared();
    ASSERT_TRUE(cluster.ok()) << cluster.status();
    cluster_ = *cluster;
    database_ = absl::StrCat(
        "pg_store_",
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    for (char& c : database_) c = static_cast<char>(std::tolower(c));
    ASSERT_TRUE(cluster_->CreateDatabase(database_).ok());
  }

  absl::StatusOr<std::unique_ptr<storage::Store>> Open(
      int connections = 4, int first_counter_slot = -1,
      absl::Duration fold_interval = absl::ZeroDuration()) {
    storage::PostgresStoreOptions options;
    options.connections = connections;
    options.first_counter_slot = first_counter_slot;
    options.fold_interval = fold_interval;
    return storage::OpenPostgresStore(cluster_->Uri(database_), options);
  }

  // Two stores (two servers' worth of connections, counter slots from 0
  // and from 10) over the database, with a small province loaded and 12
  // receptions by agency H29.18070 on 2025-03-03, alternating between the
  // two: its counter rows are split in slots.
  void ReceiveOnTwoStores(std::unique_ptr<storage::Store>* first,
                          std::unique_ptr<storage::Store>* second) {
    *first = *Open(2, /*first_counter_slot=*/0);
    *second = *Open(3, /*first_counter_slot=*/10);
    const World world = SmallProvince();
    ASSERT_TRUE(LoadWorld(world, **first).ok());
    for (int i = 0; i < 12; ++i) {
      ASSERT_TRUE(Receive(i % 2 == 0 ? **first : **second, world, "H29.18070",
                          "1.000894", core::Channel::kDirect,
                          Local(2025, 3, 3, 9, i))
                      .ok());
    }
  }

  // Runs `sql` on the database with libpq itself; the rows affected.
  int64_t Sql(const std::string& sql) {
    PGconn* conn = PQconnectdb(cluster_->ConnectionString(database_).c_str());
    EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
    PGresult* result = PQexec(conn, sql.c_str());
    const ExecStatusType status = PQresultStatus(result);
    EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
        << sql << ": " << PQresultErrorMessage(result);
    int64_t n = 0;
    if (status == PGRES_TUPLES_OK) {
      n = PQntuples(result) > 0 ? std::atoll(PQgetvalue(result, 0, 0)) : 0;
    } else {
      n = std::atoll(PQcmdTuples(result));
    }
    PQclear(result);
    PQfinish(conn);
    return n;
  }

  PgCluster* cluster_ = nullptr;
  std::string database_;
};

std::string Hex(absl::string_view bytes) {
  std::string out = "'\\x";
  static constexpr char kDigits[] = "0123456789abcdef";
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out + "'::bytea";
}

// The columns whose statistics target version 3 sets, by table, each with
// that target: keys at 10, what the tables hold not at all.
const std::vector<
    std::pair<std::string, std::vector<std::pair<std::string, int>>>>&
VersionThreeTargets() {
  static const auto* const targets = [] {
    std::vector<std::pair<std::string, int>> counters = {{"key", 10},
                                                         {"slot", 10}};
    for (int i = 0; i < core::kMetricCount; ++i) {
      counters.push_back({absl::StrCat("n", i), 0});
    }
    return new std::vector<
        std::pair<std::string, std::vector<std::pair<std::string, int>>>>{
        {"counters", counters},
        {"dossiers", {{"code", 10}, {"record", 0}, {"version", 0}}},
        {"events", {{"key", 10}, {"value", 0}}},
        {"indexes", {{"key", 10}, {"value", 0}}},
        {"requests", {{"id", 10}, {"applied_at", 10}, {"record", 0}}}};
  }();
  return *targets;
}

// 1 when every column of the five tables has the target of version 3.
std::string HasVersionThreeTargets() {
  std::vector<std::string> expected;
  std::vector<std::string> tables;
  for (const auto& [table, columns] : VersionThreeTargets()) {
    tables.push_back(absl::StrCat("'", table, "'::regclass"));
    for (const auto& [column, target] : columns) {
      expected.push_back(absl::StrCat(table, ".", column, "=", target));
    }
  }
  return absl::StrCat(
      "SELECT (string_agg(attrelid::regclass || '.' || attname || '=' || "
      "attstattarget, ' ' ORDER BY attrelid::regclass::text, attnum) = '",
      absl::StrJoin(expected, " "),
      "')::int FROM pg_attribute WHERE attnum > 0 AND NOT attisdropped AND "
      "attrelid IN (",
      absl::StrJoin(tables, ", "), ")");
}

// Puts every column version 3 set back to the default target, as versions
// 1 and 2 left them.
std::vector<std::string> DefaultTargets() {
  std::vector<std::string> out;
  for (const auto& [table, columns] : VersionThreeTargets()) {
    std::vector<std::string> alters;
    for (const auto& [column, target] : columns) {
      alters.push_back(
          absl::StrCat("ALTER COLUMN ", column, " SET STATISTICS -1"));
    }
    out.push_back(
        absl::StrCat("ALTER TABLE ", table, " ", absl::StrJoin(alters, ", ")));
  }
  return out;
}

// 1 when the counters are vacuumed at a fiftieth and analyzed at a fifth.
constexpr const char* kHasVersionThreeAutovacuum =
    "SELECT count(*) FROM pg_class WHERE relname = 'counters' AND "
    "'autovacuum_vacuum_scale_factor=0.02' = ANY(reloptions) AND "
    "'autovacuum_analyze_scale_factor=0.2' = ANY(reloptions)";

TEST_F(PostgresStore, EmptyDatabaseGetsTheSchemaAtVersionThree) {
  ASSERT_TRUE(Open().ok());
  EXPECT_EQ(Sql("SELECT version FROM motcua_schema"), 3);
  EXPECT_EQ(Sql("SELECT count(*) FROM motcua_schema"), 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM pg_indexes WHERE indexname = "
                "'counters_split'"),
            1);
  EXPECT_EQ(Sql(kHasVersionThreeAutovacuum), 1);
  EXPECT_EQ(Sql(HasVersionThreeTargets()), 1);
}

// Version 1 had no index of split counter rows and vacuumed the counters
// at every fold; a server of version 3 migrates it, keeping the data.
TEST_F(PostgresStore, VersionOneIsMigratedToThreeKeepingTheData) {
  {
    auto store = *Open();
    ASSERT_TRUE(LoadWorld(SmallProvince(), *store).ok());
  }
  Sql("DROP INDEX counters_split");
  Sql("ALTER TABLE counters RESET (autovacuum_vacuum_scale_factor, "
      "autovacuum_analyze_scale_factor)");
  for (const std::string& alter : DefaultTargets()) Sql(alter);
  ASSERT_EQ(Sql(HasVersionThreeTargets()), 0);
  Sql("UPDATE motcua_schema SET version = 1");
  auto store = Open();
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(Sql("SELECT version FROM motcua_schema"), 3);
  EXPECT_EQ(Sql("SELECT count(*) FROM pg_indexes WHERE indexname = "
                "'counters_split'"),
            1);
  EXPECT_EQ(Sql(kHasVersionThreeAutovacuum), 1);
  EXPECT_EQ(Sql(HasVersionThreeTargets()), 1);
  EXPECT_FALSE((*store)->ListAgencies(std::nullopt)->empty());
}

// Version 2 analyzed the counters at every fiftieth of their rows changed,
// and every table with the default statistics target (a sample of 30,000
// pages); version 3 analyzes the counters at a fifth, and samples keys at
// 10, what the tables hold not at all.
TEST_F(PostgresStore, VersionTwoIsMigratedToThreeWithCheaperRarerAnalyzes) {
  {
    auto store = *Open();
    ASSERT_TRUE(LoadWorld(SmallProvince(), *store).ok());
  }
  Sql("ALTER TABLE counters SET (autovacuum_analyze_scale_factor = 0.02)");
  for (const std::string& alter : DefaultTargets()) Sql(alter);
  ASSERT_EQ(Sql(HasVersionThreeTargets()), 0);
  Sql("UPDATE motcua_schema SET version = 2");
  auto store = Open();
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(Sql("SELECT version FROM motcua_schema"), 3);
  EXPECT_EQ(Sql(kHasVersionThreeAutovacuum), 1);
  EXPECT_EQ(Sql(HasVersionThreeTargets()), 1);
  EXPECT_EQ(Sql("SELECT count(*) FROM pg_attribute WHERE attrelid = "
                "'counters'::regclass AND attname = 'n7' AND "
                "attstattarget = 0"),
            1);
  EXPECT_FALSE((*store)->ListAgencies(std::nullopt)->empty());
}

TEST_F(PostgresStore, ReopeningKeepsTheSchemaAndTheData) {
  {
    auto store = *Open();
    ASSERT_TRUE(LoadWorld(SmallProvince(), *store).ok());
  }
  auto store = Open();
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(Sql("SELECT count(*) FROM motcua_schema"), 1);
  EXPECT_FALSE((*store)->ListAgencies(std::nullopt)->empty());
}

TEST_F(PostgresStore, NewerSchemaIsRefusedNamingBothVersions) {
  ASSERT_TRUE(Open().ok());
  Sql("UPDATE motcua_schema SET version = 4");
  absl::StatusOr<std::unique_ptr<storage::Store>> store = Open();
  ASSERT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("version 4, newer than this"),
            std::string::npos)
      << store.status();
  EXPECT_NE(store.status().message().find("(3)"), std::string::npos)
      << store.status();
}

TEST_F(PostgresStore, DatabaseHoldingOtherTablesIsRefused) {
  Sql("CREATE TABLE payroll (id int)");
  absl::StatusOr<std::unique_ptr<storage::Store>> store = Open();
  ASSERT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("not motcua's"), std::string::npos)
      << store.status();
  EXPECT_EQ(Sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
            1);
}

TEST_F(PostgresStore, UnreachableDatabaseIsUnavailable) {
  absl::StatusOr<std::unique_ptr<storage::Store>> store =
      storage::OpenPostgresStore("postgresql:///nowhere?host=/nonexistent");
  ASSERT_EQ(store.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(store.status().message().find("cannot connect to PostgreSQL"),
            std::string::npos)
      << store.status();
}

// The engine's sessions keep each statement's generic plan until its
// tables are next analyzed. One planned while a table was empty (requests
// after a bulk load or a store copy) must still read it by its index once
// it holds thousands of rows, not scan it whole at every write.
TEST_F(PostgresStore, PlanMadeOnAnEmptyTableReadsByIndexOnceItGrows) {
  ASSERT_TRUE(Open().ok());
  Sql("VACUUM ANALYZE requests");
  absl::StatusOr<std::unique_ptr<storage::PgConnection>> connection =
      storage::PgConnection::Connect(cluster_->ConnectionString(database_));
  ASSERT_TRUE(connection.ok()) << connection.status();
  ASSERT_TRUE((*connection)
                  ->Script("PREPARE lookup(bytea) AS SELECT record FROM "
                           "requests WHERE id = $1; EXECUTE lookup('\\x00')")
                  .ok());
  EXPECT_EQ(Sql("INSERT INTO requests SELECT sha256(i::text::bytea), i, "
                "'\\x00' FROM generate_series(1, 20000) AS i"),
            20000);
  absl::StatusOr<std::vector<storage::PgRows>> plan =
      (*connection)->Script("EXPLAIN EXECUTE lookup('\\x00')");
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_GE(plan->back().size(), 1);
  EXPECT_THAT(std::string(plan->back().value(0, 0)),
              ::testing::StartsWith("Index Scan using requests_pkey"));
}

TEST_F(PostgresStore, BackupsAreLeftToPostgresql) {
  auto store = *Open();
  absl::StatusOr<storage::NewBackup> backup = store->Backup("/tmp/backups");
  ASSERT_EQ(backup.status().code(), absl::StatusCode::kUnimplemented);
  EXPECT_NE(backup.status().message().find("pg_basebackup"), std::string::npos);
}

TEST_F(PostgresStore, VerifyFindsAndRepairsDamageDoneWithSql) {
  auto store = *Open();
  const World world = SmallProvince();
  ASSERT_TRUE(LoadWorld(world, *store).ok());
  absl::StatusOr<storage::DossierWrite> w =
      Receive(*store, world, "H29.18070", "1.000894", core::Channel::kDirect,
              Local(2025, 3, 3, 9, 0));
  ASSERT_TRUE(w.ok()) << w.status();
  const std::string code = w->dossier.code;
  const core::Scope agency{core::ScopeKind::kAgency, "H29.18070"};
  const std::string month_row = storage::keys::CounterKey(
      agency, core::Dimension::kTotal, storage::keys::Bucket::kMonth,
      storage::keys::MonthPeriod(absl::CivilMonth(2025, 3)), "");
  EXPECT_GE(Sql("DELETE FROM counters WHERE key = " + Hex(month_row)), 1);
  EXPECT_EQ(Sql("DELETE FROM indexes WHERE key = " +
                Hex(storage::keys::StatusIndexKey(
                    "H29.18070", core::DossierStatus::kReceived, code))),
            1);
  Sql("INSERT INTO indexes VALUES (" +
      Hex(storage::keys::StatusIndexKey("H29.18070",
                                        core::DossierStatus::kStopped,
                                        "H29.18070-250303-0999")) +
      ", ''::bytea)");

  absl::StatusOr<storage::VerifyReport> report = store->Verify(false);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->counter_difference_count, 1);
  EXPECT_EQ(report->index_difference_count, 2);
  ASSERT_EQ(report->counter_differences.size(), 1u);
  EXPECT_NE(report->counter_differences[0].find(
                "RECEIVED_DIRECT stored 0, recount 1"),
            std::string::npos)
      << report->counter_differences[0];
  EXPECT_FALSE(report->repaired);

  report = store->Verify(true);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->repaired);
  report = store->Verify(false);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_TRUE(report->consistent())
      << absl::StrJoin(report->counter_differences, "\n")
      << absl::StrJoin(report->index_differences, "\n");
  EXPECT_EQ((*store->SumCounters(
                agency, core::Dimension::kTotal, "", absl::CivilDay(2025, 1, 1),
                absl::CivilDay(2025, 12, 31)))[core::Metric::kReceivedDirect],
            1);
}

TEST_F(PostgresStore, VerifyFindsAHistoryWithAMissingEvent) {
  auto store = *Open();
  const World world = SmallProvince();
  ASSERT_TRUE(LoadWorld(world, *store).ok());
  absl::StatusOr<storage::DossierWrite> w =
      Receive(*store, world, "H29.18070", "1.000894", core::Channel::kDirect,
              Local(2025, 3, 3, 9, 0));
  ASSERT_TRUE(w.ok()) << w.status();
  ASSERT_TRUE(Move(*store, w->dossier.code, core::DossierStatus::kProcessing,
                   Local(2025, 3, 3, 10, 0))
                  .ok());
  EXPECT_EQ(Sql("DELETE FROM events WHERE key = " +
                Hex(storage::keys::EventKey(w->dossier.code, 2))),
            1);
  absl::StatusOr<storage::VerifyReport> report = store->Verify(false);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->history_difference_count, 1);
  ASSERT_EQ(report->history_differences.size(), 1u);
  EXPECT_NE(report->history_differences[0].find("is at version 2 but has 1"),
            std::string::npos)
      << report->history_differences[0];
}

TEST_F(PostgresStore, CounterRowSplitInSlotsSumsAsOne) {
  // Two stores (two servers' worth of connections) write the same
  // agency's day: its counter row gets a slot per connection that wrote.
  auto first = *Open(2, /*first_counter_slot=*/0);
  auto second = *Open(3, /*first_counter_slot=*/10);
  const World world = SmallProvince();
  ASSERT_TRUE(LoadWorld(world, *first).ok());
  constexpr int kReceptions = 12;
  for (int i = 0; i < kReceptions; ++i) {
    storage::Store& store = i % 2 == 0 ? *first : *second;
    ASSERT_TRUE(Receive(store, world, "H29.18070", "1.000894",
                        core::Channel::kDirect, Local(2025, 3, 3, 9, i))
                    .ok());
  }
  const core::Scope agency{core::ScopeKind::kAgency, "H29.18070"};
  const std::string day_row = storage::keys::CounterKey(
      agency, core::Dimension::kTotal, storage::keys::Bucket::kDay,
      static_cast<int32_t>(absl::CivilDay(2025, 3, 3) -
                           absl::CivilDay(1970, 1, 1)),
      "");
  EXPECT_GE(Sql("SELECT count(*) FROM counters WHERE key = " + Hex(day_row)),
            2);
  for (storage::Store* store : {first.get(), second.get()}) {
    EXPECT_EQ(
        (*store->SumCounters(
            agency, core::Dimension::kTotal, "", absl::CivilDay(2025, 3, 3),
            absl::CivilDay(2025, 3, 3)))[core::Metric::kReceivedDirect],
        kReceptions);
  }
  EXPECT_TRUE(first->Verify(false)->consistent());
}

TEST_F(PostgresStore, CounterSlotsAreFoldedIntoOneWithTheSameSums) {
  std::unique_ptr<storage::Store> first;
  std::unique_ptr<storage::Store> second;
  ASSERT_NO_FATAL_FAILURE(ReceiveOnTwoStores(&first, &second));
  const core::Scope province{core::ScopeKind::kProvince, "42"};
  const absl::StatusOr<core::CounterRow> before = first->SumCounters(
      province, core::Dimension::kTotal, "", absl::CivilDay(2025, 1, 1),
      absl::CivilDay(2025, 12, 31));
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_EQ((*before)[core::Metric::kReceivedDirect], 12);
  const int64_t rows = Sql("SELECT count(*) FROM counters");
  const int64_t keys = Sql("SELECT count(DISTINCT key) FROM counters");
  ASSERT_GT(rows, keys);  // some rows are split

  // A third server that folds: soon every row has one slot.
  auto folder = *Open(1, /*first_counter_slot=*/20, absl::Milliseconds(100));
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (Sql("SELECT count(*) FROM counters") > keys &&
         absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_EQ(Sql("SELECT count(*) FROM counters"), keys);
  EXPECT_EQ(Sql("SELECT count(*) FROM counters WHERE slot <> 0"), 0);
  EXPECT_TRUE(*first->SumCounters(province, core::Dimension::kTotal, "",
                                  absl::CivilDay(2025, 1, 1),
                                  absl::CivilDay(2025, 12, 31)) == *before);
  EXPECT_TRUE(folder->Verify(false)->consistent());
}

// A bulk load (store copy, motcua-bulkgen) ends folded: no split row is
// left for the first minutes of serving to read or fold.
TEST_F(PostgresStore, FinishingABulkLoadFoldsEverySplitRow) {
  std::unique_ptr<storage::Store> first;
  std::unique_ptr<storage::Store> second;
  ASSERT_NO_FATAL_FAILURE(ReceiveOnTwoStores(&first, &second));
  const core::Scope province{core::ScopeKind::kProvince, "42"};
  const core::CounterRow before = *first->SumCounters(
      province, core::Dimension::kTotal, "", absl::CivilDay(2025, 1, 1),
      absl::CivilDay(2025, 12, 31));
  const int64_t keys = Sql("SELECT count(DISTINCT key) FROM counters");
  ASSERT_GT(Sql("SELECT count(*) FROM counters WHERE slot <> 0"), 0);

  ASSERT_TRUE(second->FinishBulkLoad().ok());
  EXPECT_EQ(Sql("SELECT count(*) FROM counters WHERE slot <> 0"), 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM counters"), keys);
  EXPECT_TRUE(*first->SumCounters(province, core::Dimension::kTotal, "",
                                  absl::CivilDay(2025, 1, 1),
                                  absl::CivilDay(2025, 12, 31)) == before);
  EXPECT_TRUE(first->Verify(false)->consistent());
}

}  // namespace
}  // namespace motcua::testing

// The PostgreSQL engine with two stores (two pools: what two motcua-server
// processes would open) on one database, writing from many threads at once
// to the same agencies, dossiers and request ids: every acknowledged write
// is stored exactly once, and the store stays consistent.
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "core/dossier_changes.h"
#include "gtest/gtest.h"
#include "storage/pg_store.h"
#include "tests/storage/store_testing.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/pg_cluster.h"

namespace motcua::testing {
namespace {

using core::Channel;

constexpr int kStores = 2;
constexpr int kThreadsPerStore = 6;

class PostgresRace : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<PgCluster*> pg = PgCluster::Shared();
    ASSERT_TRUE(pg.ok()) << pg.status();
    ASSERT_TRUE((*pg)->DropDatabase("race").ok());
    ASSERT_TRUE((*pg)->CreateDatabase("race").ok());
    for (int i = 0; i < kStores; ++i) {
      storage::PostgresStoreOptions options;
      options.connections = 4;
      absl::StatusOr<std::unique_ptr<storage::Store>> s =
          storage::OpenPostgresStore((*pg)->ConnectionString("race"), options);
      ASSERT_TRUE(s.ok()) << s.status();
      stores_.push_back(*std::move(s));
    }
    ASSERT_TRUE(LoadWorld(world_, *stores_[0]).ok());
  }

  // Runs `body(store, thread)` on kThreadsPerStore threads per store.
  void RunOnEveryStore(
      const std::function<void(storage::Store&, int thread)>& body) {
    std::vector<std::thread> threads;
    for (int s = 0; s < kStores; ++s) {
      for (int t = 0; t < kThreadsPerStore; ++t) {
        threads.emplace_back(
            [&, s, t] { body(*stores_[s], s * kThreadsPerStore + t); });
      }
    }
    for (std::thread& t : threads) t.join();
  }

  World world_ = SmallProvince();
  std::vector<std::unique_ptr<storage::Store>> stores_;
};

// One more apology, promising a day more than the last appointment: a lost
// update leaves fewer apologies than acknowledged calls.
absl::StatusOr<storage::DossierWrite> Apologise(storage::Store& store,
                                                const std::string& code,
                                                const std::string& request_id) {
  return store.UpdateDossier(
      code, {request_id, request_id}, [](const core::Dossier& d) {
        const absl::Time promised =
            d.timeline.extended_due_at.value_or(*d.timeline.due_at) +
            absl::Hours(24);
        return core::ApologyChange(d, d.timeline.last_event_at, promised,
                                   {"desk-1", ""});
      });
}

TEST_F(PostgresRace, TwoServersKeepEveryAcknowledgedWriteOnce) {
  const std::vector<std::string> agencies = {"H29.18070", "H29.18073"};
  constexpr int kCreationsEach = 12;
  const absl::Time at = Local(2025, 3, 3, 9, 0);

  // Creations racing on two agency-days; every third carries a request id
  // that a thread of the other store sends at the same time.
  absl::Mutex mu;
  std::map<std::string, std::string> code_of_request;  // id -> code
  std::set<std::string> created;
  int failures = 0;
  RunOnEveryStore([&](storage::Store& store, int thread) {
    const int twin = thread % kThreadsPerStore;  // the same on both stores
    for (int j = 0; j < kCreationsEach; ++j) {
      const std::string id =
          j % 3 == 0 ? absl::StrCat("create-", twin, "-", j) : "";
      absl::StatusOr<storage::DossierWrite> w =
          Receive(store, world_, agencies[(thread + j) % 2], "1.000894",
                  Channel::kDirect, at, id);
      absl::MutexLock lock(&mu);
      if (!w.ok()) {
        ++failures;
        ADD_FAILURE() << w.status();
        continue;
      }
      created.insert(w->dossier.code);
      if (id.empty()) continue;
      auto [it, fresh] = code_of_request.emplace(id, w->dossier.code);
      EXPECT_EQ(it->second, w->dossier.code) << id;
      (void)fresh;
    }
  });
  ASSERT_EQ(failures, 0);
  const int ids = kThreadsPerStore * ((kCreationsEach + 2) / 3);
  const int expected = kStores * kThreadsPerStore * kCreationsEach - ids;
  EXPECT_EQ(static_cast<int>(created.size()), expected);
  // No number handed out twice: `created` is a set of the codes answered,
  // and holds as many as there were distinct creations. (Numbers may skip
  // when the two servers race for the same agency and day.)
  std::map<std::string, int> per_agency;
  for (const std::string& code : created) {
    ++per_agency[code.substr(0, code.find('-'))];
  }
  EXPECT_EQ(per_agency.size(), agencies.size());

  // Updates racing on a few dossiers; some request ids are sent by both
  // stores at once, and must apply once.
  const std::vector<std::string> hot(created.begin(),
                                     std::next(created.begin(), 5));
  constexpr int kUpdatesEach = 25;
  std::map<std::string, int> applied;  // acknowledged updates per code
  std::map<std::string, int64_t> sequence_of_request;
  RunOnEveryStore([&](storage::Store& store, int thread) {
    const int twin = thread % kThreadsPerStore;
    for (int j = 0; j < kUpdatesEach; ++j) {
      const std::string& code = hot[(twin + j) % hot.size()];
      const std::string id =
          j % 4 == 0 ? absl::StrCat("update-", twin, "-", j) : "";
      absl::StatusOr<storage::DossierWrite> w = Apologise(store, code, id);
      absl::MutexLock lock(&mu);
      if (!w.ok()) {
        ++failures;
        ADD_FAILURE() << w.status();
        continue;
      }
      EXPECT_EQ(w->dossier.version, w->event.sequence);
      if (!id.empty()) {
        auto [it, fresh] = sequence_of_request.emplace(id, w->event.sequence);
        EXPECT_EQ(it->second, w->event.sequence) << id;
        if (!fresh) continue;  // the other store's twin applied it
      }
      ++applied[code];
    }
  });
  ASSERT_EQ(failures, 0);
  int total = 0;
  for (const std::string& code : hot) {
    absl::StatusOr<core::Dossier> d = stores_[1]->GetDossier(code);
    ASSERT_TRUE(d.ok()) << d.status();
    EXPECT_EQ(d->version, 1 + applied[code]) << code;
    EXPECT_EQ(d->timeline.apology_count, applied[code]) << code;
    EXPECT_EQ(static_cast<int64_t>(stores_[0]->GetHistory(code)->size()),
              d->version)
        << code;
    total += applied[code];
  }
  EXPECT_EQ(total, kStores * kThreadsPerStore * kUpdatesEach -
                       static_cast<int>(sequence_of_request.size()));

  for (const auto& store : stores_) {
    absl::StatusOr<storage::VerifyReport> report = store->Verify(false);
    ASSERT_TRUE(report.ok()) << report.status();
    EXPECT_TRUE(report->consistent())
        << (report->counter_differences.empty()
                ? ""
                : report->counter_differences.front());
    EXPECT_EQ(report->dossiers_checked, expected);
  }
  // The counters count each dossier once.
  absl::StatusOr<core::CounterRow> received = stores_[0]->SumCounters(
      core::Scope{core::ScopeKind::kDeployment, ""}, core::Dimension::kTotal,
      "", absl::CivilDay(2025, 3, 3), absl::CivilDay(2025, 3, 3));
  ASSERT_TRUE(received.ok()) << received.status();
  EXPECT_EQ((*received)[core::Metric::kReceivedDirect], expected);
}

}  // namespace
}  // namespace motcua::testing

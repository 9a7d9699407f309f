// Desk writes through storage::Store alone (no gRPC): many threads receive
// new dossiers at once, each write synced, as the server's write pool does.
// It measures the storage write path (request-id check, dossier number,
// record, indexes, counter rows, group commit, log sync), so that a change
// to it can be compared before and after without the RPC layer's noise.
//
//   build/bench/store_write_benchmark
//
// Each run writes into a fresh store in a temporary directory under
// MOTCUA_BENCH_TMP (default /tmp), removed afterwards. The figure is
// `writes_per_second`, over all threads, against wall time.
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "benchmark/benchmark.h"
#include "core/calendar_year.h"
#include "core/dossier_changes.h"
#include "core/local_time.h"
#include "core/working_calendar.h"
#include "generator/world.h"
#include "storage/rocksdb_store.h"

namespace motcua::bench {
namespace {

constexpr int kThreads = 64;

core::Validity Since(absl::CivilDay from) { return {from, std::nullopt}; }

// A province with two districts and four communes, an agency per unit, and
// procedures of both levels: each dossier counts under deployment,
// province, district, commune (for a commune's agency) and agency, by
// total, field and procedure, as a real desk's dossiers do.
generator::World Province() {
  using core::UnitLevel;
  const absl::CivilDay origin(2020, 1, 1);
  generator::World w;
  w.units = {
      {"42", "Tỉnh Hà Tĩnh", UnitLevel::kProvince, "", Since(origin)},
      {"436", "Thành phố Hà Tĩnh", UnitLevel::kDistrict, "42", Since(origin)},
      {"437", "Thị xã Hồng Lĩnh", UnitLevel::kDistrict, "42", Since(origin)},
      {"18070", "Phường Bắc Hà", UnitLevel::kCommune, "436", Since(origin)},
      {"18073", "Phường Nam Hà", UnitLevel::kCommune, "436", Since(origin)},
      {"18352", "Phường Bắc Hồng", UnitLevel::kCommune, "437", Since(origin)},
      {"18355", "Phường Nam Hồng", UnitLevel::kCommune, "437", Since(origin)},
  };
  w.agencies = {
      {"H29.436", "UBND Thành phố Hà Tĩnh", UnitLevel::kDistrict, "436",
       Since(origin)},
      {"H29.437", "UBND Thị xã Hồng Lĩnh", UnitLevel::kDistrict, "437",
       Since(origin)},
      {"H29.18070", "UBND Phường Bắc Hà", UnitLevel::kCommune, "18070",
       Since(origin)},
      {"H29.18073", "UBND Phường Nam Hà", UnitLevel::kCommune, "18073",
       Since(origin)},
      {"H29.18352", "UBND Phường Bắc Hồng", UnitLevel::kCommune, "18352",
       Since(origin)},
      {"H29.18355", "UBND Phường Nam Hồng", UnitLevel::kCommune, "18355",
       Since(origin)},
  };
  w.fields = {{"HOTICH", "Hộ tịch"}, {"DATDAI", "Đất đai"}};
  using core::OnlineClass;
  using core::TimeUnit;
  w.procedures = {
      {"1.001193",
       "Đăng ký khai sinh",
       "HOTICH",
       UnitLevel::kCommune,
       {4, TimeUnit::kWorkingHours},
       false,
       4,
       OnlineClass::kFull,
       Since(origin)},
      {"1.000894",
       "Đăng ký kết hôn",
       "HOTICH",
       UnitLevel::kCommune,
       {5, TimeUnit::kWorkingDays},
       false,
       3,
       OnlineClass::kPartial,
       Since(origin)},
      {"1.003003",
       "Đăng ký đất đai lần đầu",
       "DATDAI",
       UnitLevel::kDistrict,
       {30, TimeUnit::kWorkingDays},
       true,
       2,
       OnlineClass::kNone,
       Since(origin)},
      {"2.000889",
       "Chuyển mục đích sử dụng đất",
       "DATDAI",
       UnitLevel::kDistrict,
       {15, TimeUnit::kWorkingDays},
       true,
       3,
       OnlineClass::kPartial,
       Since(origin)},
  };
  return w;
}

absl::StatusOr<core::WorkingCalendar> ShippedCalendar() {
  std::vector<core::CalendarYear> years;
  for (int y = 2020; y <= 2027; ++y) {
    std::ifstream in(absl::StrCat(MOTCUA_DATA_DIR, "/calendar/vn-", y, ".txt"));
    std::stringstream text;
    text << in.rdbuf();
    absl::StatusOr<core::CalendarYear> year =
        core::ParseCalendarYear(text.str());
    if (!year.ok()) return year.status();
    years.push_back(*std::move(year));
  }
  return core::WorkingCalendar::Create(core::WorkSchedule::Default(), years);
}

// Set up by thread 0 before the timed loop (Google Benchmark starts every
// thread's loop together), torn down by it after.
struct Setup {
  std::string directory;
  std::unique_ptr<storage::Store> store;
  generator::World world;
  std::unique_ptr<core::WorkingCalendar> calendar;
};
Setup* setup = nullptr;
std::atomic<int64_t> run_number{0};

void Fail(benchmark::State& state, const absl::Status& s) {
  state.SkipWithError(std::string(s.ToString()).c_str());
}

void BM_ReceiveNewDossiers(benchmark::State& state) {
  if (state.thread_index() == 0) {
    setup = new Setup();
    const char* tmp = std::getenv("MOTCUA_BENCH_TMP");
    setup->directory =
        absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/store_write_benchmark.",
                     getpid(), ".", run_number++);
    std::filesystem::remove_all(setup->directory);
    storage::RocksDbStoreOptions options;
    options.sync_writes = true;
    auto store = storage::OpenRocksDbStore(setup->directory, options);
    auto calendar = ShippedCalendar();
    if (!store.ok() || !calendar.ok()) {
      Fail(state, !store.ok() ? store.status() : calendar.status());
    } else {
      setup->store = *std::move(store);
      setup->calendar =
          std::make_unique<core::WorkingCalendar>(*std::move(calendar));
      setup->world = Province();
      absl::Status s = generator::LoadWorld(setup->world, *setup->store);
      if (!s.ok()) Fail(state, s);
    }
  }
  const int thread = state.thread_index();
  int64_t written = 0;
  for (auto _ : state) {
    if (setup->store == nullptr) break;
    const generator::World& w = setup->world;
    // Spread over the agencies and over days, so no agency and day runs out
    // of its 9,999 dossier numbers however long the run.
    const core::Agency& agency = w.agencies[thread % w.agencies.size()];
    const bool commune = agency.level == core::UnitLevel::kCommune;
    const core::Procedure& procedure =
        w.procedures[(commune ? 0 : 2) + written % 2];
    const absl::CivilDay day =
        absl::CivilDay(2025, 6, 2) + static_cast<int>(written / 50 % 60);
    const absl::Time at = core::FromLocal(absl::CivilSecond(
        day.year(), day.month(), day.day(), 9, thread % 60, written % 60));
    const std::string request_id =
        absl::StrCat("bench-", run_number.load(), "-", thread, "-", written);
    const storage::RequestKey request{request_id, request_id};
    // As the server does: a retry is answered before any work.
    auto applied = setup->store->FindAppliedRequest(request);
    if (!applied.ok() || applied->has_value()) {
      Fail(state, applied.ok() ? absl::InternalError("id already applied")
                               : applied.status());
      break;
    }
    auto write = setup->store->CreateDossier(
        agency.code, day, request, [&](const std::string& code) {
          core::NewDossier n;
          n.code = code;
          n.agency_code = agency.code;
          n.channel = written % 3 == 0 ? core::Channel::kOnline
                                       : core::Channel::kDirect;
          n.procedure = w.SnapshotOf(procedure);
          n.units = w.PathOf(agency.code, day);
          n.applicant = {core::ApplicantKind::kPerson,
                         "Trần Thị B",
                         "042190005678",
                         "0912345678",
                         "",
                         "Hà Tĩnh"};
          n.at = at;
          return core::CreateDossierChange(*setup->calendar, n,
                                           {"desk-1", "received at the desk"});
        });
    if (!write.ok()) {
      Fail(state, write.status());
      break;
    }
    ++written;
  }
  state.counters["writes_per_second"] = benchmark::Counter(
      static_cast<double>(written), benchmark::Counter::kIsRate);
  if (state.thread_index() == 0) {
    setup->store.reset();
    std::filesystem::remove_all(setup->directory);
    delete setup;
    setup = nullptr;
  }
}

BENCHMARK(BM_ReceiveNewDossiers)
    ->Threads(kThreads)
    ->UseRealTime()
    ->MinTime(3.0)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace motcua::bench

BENCHMARK_MAIN();

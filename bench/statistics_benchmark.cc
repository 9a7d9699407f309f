// Statistics at scale: the calls dashboards and batch jobs make, timed
// through the application layer (service::Statistics, no transport) against
// a store filled by motcua-bulkgen. Their cost must not grow with the number
// of dossiers stored (issue #5): compare the figures at 1M and 10M. The same
// calls over gRPC, with the transport's cost, are measured by motcua-load.
//
//   build/generator/motcua-bulkgen --data_dir=/tmp/m1 --dossiers=1000000
//   MOTCUA_BENCH_DATA_DIR=/tmp/m1 build/bench/statistics_benchmark
//
// MOTCUA_BENCH_YEAR (default 2025) chooses the year reported; the warnings
// are also asked as of 15 December of that year, 10:00, when the store's
// open dossiers are a mix of overdue, due soon and within time.
//
// Beside them, the public lookup's timing (issue 14): how long a known and
// an unknown code take without the answer floor, which the floor must
// exceed for the answer's timing to tell nothing.
#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/clock.h"
#include "benchmark/benchmark.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "service/application.h"
#include "storage/rocksdb_store.h"

namespace motcua::bench {
namespace {

// The store, the application over it and what to ask it, set up once.
struct Setup {
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<service::Application> app;
  // The same store with the clock at 15 December of the year, 10:00.
  std::unique_ptr<service::Application> app_in_december;
  const core::Principal admin{"bench", core::Role::kAdmin, {}, {}};
  std::string province;
  std::vector<std::string> districts;
  service::Period year;
  // No rate limits and no answer floor: the lookup's own cost.
  std::unique_ptr<service::Application> app_unfloored;
  // Codes of stored dossiers, one per sampled reception day, with their
  // applicants' identity numbers.
  std::vector<std::pair<std::string, std::string>> known;
};

Setup* setup = nullptr;

absl::Status Start(const std::string& data_dir) {
  setup = new Setup();
  int year = 2025;
  if (const char* y = std::getenv("MOTCUA_BENCH_YEAR")) year = std::atoi(y);
  setup->year = {absl::CivilDay(year, 1, 1), absl::CivilDay(year, 12, 31)};
  MOTCUA_ASSIGN_OR_RETURN(setup->store,
                          storage::OpenRocksDbStore(data_dir + "/store"));
  MOTCUA_ASSIGN_OR_RETURN(
      setup->app,
      service::Application::Create(*setup->store, service::TimePolicy()));
  const absl::Time december =
      core::FromLocal(absl::CivilSecond(year, 12, 15, 10, 0, 0));
  MOTCUA_ASSIGN_OR_RETURN(
      setup->app_in_december,
      service::Application::Create(*setup->store, service::TimePolicy(),
                                   [december] { return december; }));
  MOTCUA_ASSIGN_OR_RETURN(auto units, setup->store->ListUnits(setup->year.to));
  for (const core::Unit& u : units) {
    if (u.level == core::UnitLevel::kProvince) setup->province = u.code;
    if (u.level == core::UnitLevel::kDistrict)
      setup->districts.push_back(u.code);
  }
  if (setup->province.empty() || setup->districts.empty()) {
    return absl::FailedPreconditionError("the store has no province/districts");
  }
  service::LookupPolicy unlimited;
  unlimited.per_address_per_minute = unlimited.address_burst = 1e12;
  unlimited.per_code_per_hour = unlimited.code_burst = 1e12;
  unlimited.answer_floor = absl::ZeroDuration();
  MOTCUA_ASSIGN_OR_RETURN(setup->app_unfloored,
                          service::Application::Create(
                              *setup->store, service::TimePolicy(),
                              [] { return absl::Now(); }, unlimited));
  // Every third day of the five years before the reported one and it: the
  // province's first dossier received that day, spread over the store.
  storage::DossierQuery q;
  q.scope = {core::ScopeKind::kProvince, setup->province};
  q.page_size = 1;
  for (absl::CivilDay day = setup->year.from - 5 * 365; day <= setup->year.to;
       day += 3) {
    q.received_from = q.received_to = day;
    MOTCUA_ASSIGN_OR_RETURN(storage::DossierPage page,
                            setup->store->ListDossiers(q));
    for (const core::Dossier& d : page.dossiers) {
      setup->known.emplace_back(d.code, d.applicant.id_number);
    }
  }
  if (setup->known.empty()) {
    return absl::FailedPreconditionError("the store has no dossiers");
  }
  return absl::OkStatus();
}

// One report; counts its dossiers so a broken setup cannot look fast.
int64_t Report(core::ScopeKind kind, const std::string& code,
               service::Breakdown breakdown, benchmark::State& state) {
  absl::StatusOr<service::Report> report = setup->app->statistics().GetReport(
      setup->admin, {kind, code}, setup->year, breakdown);
  if (!report.ok()) {
    state.SkipWithError(std::string(report.status().message()).c_str());
    return 0;
  }
  return report->total.received_total;
}

void BM_DistrictYearReportByField(benchmark::State& state) {
  int64_t received = 0;
  for (auto _ : state) {
    received = Report(core::ScopeKind::kDistrict, setup->districts[0],
                      service::Breakdown::kField, state);
  }
  state.counters["received"] = static_cast<double>(received);
}
BENCHMARK(BM_DistrictYearReportByField)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_ProvinceYearReportByDistrict(benchmark::State& state) {
  int64_t received = 0;
  for (auto _ : state) {
    received = Report(core::ScopeKind::kProvince, setup->province,
                      service::Breakdown::kChildUnit, state);
  }
  state.counters["received"] = static_cast<double>(received);
}
BENCHMARK(BM_ProvinceYearReportByDistrict)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The province by district, then each district by field: what a province
// dashboard's "year at a glance" asks.
void BM_ProvinceYearReportByDistrictAndField(benchmark::State& state) {
  for (auto _ : state) {
    Report(core::ScopeKind::kProvince, setup->province,
           service::Breakdown::kChildUnit, state);
    for (const std::string& d : setup->districts) {
      Report(core::ScopeKind::kDistrict, d, service::Breakdown::kField, state);
    }
  }
}
BENCHMARK(BM_ProvinceYearReportByDistrictAndField)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void Rates(const std::string& district, bool monthly, benchmark::State& state) {
  absl::StatusOr<service::RatesReport> rates =
      setup->app->statistics().GetRates(setup->admin,
                                        {core::ScopeKind::kDistrict, district},
                                        setup->year, monthly);
  if (!rates.ok()) {
    state.SkipWithError(std::string(rates.status().message()).c_str());
  } else if (monthly && rates->months.size() != 12) {
    state.SkipWithError("not 12 months");
  }
}

void BM_DistrictYearRates(benchmark::State& state) {
  for (auto _ : state) Rates(setup->districts[0], false, state);
}
BENCHMARK(BM_DistrictYearRates)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_DistrictMonthlyRateSeries(benchmark::State& state) {
  for (auto _ : state) Rates(setup->districts[0], true, state);
}
BENCHMARK(BM_DistrictMonthlyRateSeries)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A district's early warnings (issue 16) as a dashboard asks them: default
// window (to the end of the next working day) and limit (100).
void Warnings(service::Application& app, benchmark::State& state) {
  size_t dossiers = 0, steps = 0;
  service::WarningsRequest request;
  request.scope = {core::ScopeKind::kDistrict, setup->districts[0]};
  for (auto _ : state) {
    absl::StatusOr<service::WarningList> list =
        app.warnings().List(setup->admin, request);
    if (!list.ok()) {
      state.SkipWithError(std::string(list.status().message()).c_str());
      break;
    }
    dossiers = list->dossiers.size();
    steps = list->steps.size();
  }
  state.counters["dossiers"] = static_cast<double>(dossiers);
  state.counters["steps"] = static_cast<double>(steps);
}

// As of now: every open dossier of the generated years is long overdue.
void BM_DistrictWarningsNow(benchmark::State& state) {
  Warnings(*setup->app, state);
}
BENCHMARK(BM_DistrictWarningsNow)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_DistrictWarningsMidDecember(benchmark::State& state) {
  Warnings(*setup->app_in_december, state);
}
BENCHMARK(BM_DistrictWarningsMidDecember)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The public lookup without its floor: range(0) 0 asks known codes with
// their identity numbers, 1 the same codes numbered 9999 (none such
// exists: no agency receives 9,999 dossiers a day here). Counters: the
// median, 99th percentile and largest of single calls, in microseconds.
void BM_PublicLookup(benchmark::State& state) {
  const bool known = state.range(0) == 0;
  std::vector<double> micros;
  size_t i = 0;
  for (auto _ : state) {
    const auto& [code, id_number] = setup->known[i++ % setup->known.size()];
    const std::string asked =
        known ? code : code.substr(0, code.size() - 4) + "9999";
    const absl::Time start = absl::Now();
    absl::StatusOr<service::PublicStatus> answer =
        setup->app_unfloored->dossiers().Lookup(asked, id_number,
                                                "ipv4:192.0.2.7");
    micros.push_back(absl::ToDoubleMicroseconds(absl::Now() - start));
    if (answer.ok() != known) {
      state.SkipWithError("a lookup answered otherwise than expected");
      break;
    }
  }
  std::sort(micros.begin(), micros.end());
  if (micros.empty()) return;
  state.counters["p50_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[micros.size() * 99 / 100];
  state.counters["max_us"] = micros.back();
  state.counters["codes"] = static_cast<double>(setup->known.size());
}
BENCHMARK(BM_PublicLookup)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

// A batch job's pull: every dossier of a district received in the year,
// read page by page as an export streams them. Reports dossiers per second.
void BM_ExportDistrictYear(benchmark::State& state) {
  int64_t total = 0;
  for (auto _ : state) {
    auto cursor = setup->app->statistics().Export(
        setup->admin, {core::ScopeKind::kDistrict, setup->districts[0]},
        setup->year, 500);
    if (!cursor.ok()) {
      state.SkipWithError(std::string(cursor.status().message()).c_str());
      break;
    }
    int64_t n = 0;
    for (;;) {
      auto page = (*cursor)->Next();
      if (!page.ok()) {
        state.SkipWithError(std::string(page.status().message()).c_str());
        break;
      }
      if (page->empty()) break;
      n += static_cast<int64_t>(page->size());
    }
    total += n;
  }
  state.SetItemsProcessed(total);
  state.counters["dossiers"] =
      static_cast<double>(total) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ExportDistrictYear)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

// Drill-down: the first page (50) of a district-year cell, as a dashboard
// shows it after a click; `range(0)` picks the column.
constexpr const char* kCellColumns[] = {"received_total", "resolved_late",
                                        "carried_over", "in_progress_overdue",
                                        "resolved_on_time"};

absl::StatusOr<service::ReportCellPage> CellPage(const std::string& column,
                                                 int page_size,
                                                 const std::string& token) {
  MOTCUA_ASSIGN_OR_RETURN(service::ReportColumn c,
                          service::ReportColumnNamed(column));
  service::ReportCell cell;
  cell.scope = {core::ScopeKind::kDistrict, setup->districts[0]};
  cell.period = setup->year;
  cell.column = c;
  return setup->app->statistics().ListReportDossiers(setup->admin, cell,
                                                     page_size, token);
}

void BM_DistrictYearCellFirstPage(benchmark::State& state) {
  const std::string column = kCellColumns[state.range(0)];
  int64_t listed = 0, cell = 0;
  for (auto _ : state) {
    absl::StatusOr<service::ReportCellPage> page = CellPage(column, 50, "");
    if (!page.ok()) {
      state.SkipWithError(std::string(page.status().message()).c_str());
      break;
    }
    listed = static_cast<int64_t>(page->dossiers.size());
    cell = page->cell_value;
  }
  state.SetLabel(column);
  state.counters["listed"] = static_cast<double>(listed);
  state.counters["cell"] = static_cast<double>(cell);
}
BENCHMARK(BM_DistrictYearCellFirstPage)
    ->DenseRange(0, std::size(kCellColumns) - 1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// A whole cell streamed page by page (1,000 each): dossiers per second.
void BM_DistrictYearCellStreamed(benchmark::State& state) {
  const std::string column = kCellColumns[state.range(0)];
  int64_t total = 0, cell = 0;
  for (auto _ : state) {
    std::string token;
    int64_t n = 0;
    do {
      absl::StatusOr<service::ReportCellPage> page =
          CellPage(column, 1000, token);
      if (!page.ok()) {
        state.SkipWithError(std::string(page.status().message()).c_str());
        return;
      }
      n += static_cast<int64_t>(page->dossiers.size());
      cell = page->cell_value;
      token = page->next_page_token;
    } while (!token.empty());
    if (n != cell) state.SkipWithError("listed differs from the cell");
    total += n;
  }
  state.SetLabel(column);
  state.SetItemsProcessed(total);
  state.counters["dossiers"] =
      static_cast<double>(total) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_DistrictYearCellStreamed)
    ->DenseRange(0, std::size(kCellColumns) - 1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

}  // namespace
}  // namespace motcua::bench

int main(int argc, char** argv) {
  const char* dir = std::getenv("MOTCUA_BENCH_DATA_DIR");
  if (dir == nullptr) {
    std::cerr << "set MOTCUA_BENCH_DATA_DIR to a data directory filled by "
                 "motcua-bulkgen (see the header of bench/"
                 "statistics_benchmark.cc)\n";
    return 2;
  }
  absl::Status s = motcua::bench::Start(dir);
  if (!s.ok()) {
    std::cerr << "statistics_benchmark: " << s.message() << "\n";
    return 1;
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

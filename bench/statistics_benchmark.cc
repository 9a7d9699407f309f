// Statistics at scale: the calls dashboards and batch jobs make, timed over
// loopback gRPC against a store filled by motcua-bulkgen. Their cost must
// not grow with the number of dossiers stored (issue #5): compare the
// figures at 1M and 10M.
//
//   build/generator/motcua-bulkgen --data_dir=/tmp/m1 --dossiers=1000000
//   MOTCUA_BENCH_DATA_DIR=/tmp/m1 build/bench/statistics_benchmark
//
// MOTCUA_BENCH_YEAR (default 2025) chooses the year reported.
#include <cstdlib>
#include <iostream>
#include <memory>

#include "benchmark/benchmark.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/server_builder.h"
#include "motcua/v1/statistics_service.grpc.pb.h"
#include "server/statistics_service.h"
#include "server/token_auth.h"
#include "storage/rocksdb_store.h"

namespace motcua::bench {
namespace {

// The store, the service over loopback and what to ask it, set up once.
struct Setup {
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<server::StatisticsServiceImpl> service;
  std::unique_ptr<grpc::Server> server;
  std::unique_ptr<v1::StatisticsService::Stub> stub;
  std::string token;
  std::string province;
  std::vector<std::string> districts;
  int year = 2025;
};

Setup* setup = nullptr;

absl::Status Start(const std::string& data_dir) {
  setup = new Setup();
  if (const char* y = std::getenv("MOTCUA_BENCH_YEAR")) setup->year = std::atoi(y);
  auto store = storage::OpenRocksDbStore(data_dir + "/store");
  if (!store.ok()) return store.status();
  setup->store = *std::move(store);
  auto units = setup->store->ListUnits(
      absl::CivilDay(setup->year, 12, 31));
  if (!units.ok()) return units.status();
  for (const core::Unit& u : *units) {
    if (u.level == core::UnitLevel::kProvince) setup->province = u.code;
    if (u.level == core::UnitLevel::kDistrict) setup->districts.push_back(u.code);
  }
  if (setup->province.empty() || setup->districts.empty()) {
    return absl::FailedPreconditionError("the store has no province/districts");
  }
  auto token = server::GenerateToken({"bench", core::Role::kAdmin, {}, {}},
                                     absl::Now());
  if (!token.ok()) return token.status();
  absl::Status s = setup->store->PutToken(token->stored);
  if (!s.ok()) return s;
  setup->token = token->secret;
  setup->service = std::make_unique<server::StatisticsServiceImpl>(
      *setup->store, [] { return absl::Now(); });
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &port);
  builder.RegisterService(setup->service.get());
  setup->server = builder.BuildAndStart();
  if (setup->server == nullptr || port == 0) {
    return absl::UnavailableError("cannot listen on 127.0.0.1");
  }
  setup->stub = v1::StatisticsService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
  return absl::OkStatus();
}

void SetYear(v1::Period* period) {
  period->mutable_from()->set_year(setup->year);
  period->mutable_from()->set_month(1);
  period->mutable_from()->set_day(1);
  period->mutable_to()->set_year(setup->year);
  period->mutable_to()->set_month(12);
  period->mutable_to()->set_day(31);
}

void Authorize(grpc::ClientContext* c) {
  c->AddMetadata("authorization", "Bearer " + setup->token);
}

// One report call; counts its rows so a broken setup cannot look fast.
int64_t Report(v1::Scope::Kind kind, const std::string& code,
               v1::GetReportRequest::Breakdown breakdown,
               benchmark::State& state) {
  v1::GetReportRequest r;
  r.mutable_scope()->set_kind(kind);
  r.mutable_scope()->set_code(code);
  SetYear(r.mutable_period());
  r.set_breakdown(breakdown);
  v1::Report out;
  grpc::ClientContext c;
  Authorize(&c);
  grpc::Status s = setup->stub->GetReport(&c, r, &out);
  if (!s.ok()) state.SkipWithError(s.error_message().c_str());
  return out.total().received_total();
}

void BM_DistrictYearReportByField(benchmark::State& state) {
  int64_t received = 0;
  for (auto _ : state) {
    received = Report(v1::Scope::DISTRICT, setup->districts[0],
                      v1::GetReportRequest::FIELD, state);
  }
  state.counters["received"] = static_cast<double>(received);
}
BENCHMARK(BM_DistrictYearReportByField)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ProvinceYearReportByDistrict(benchmark::State& state) {
  int64_t received = 0;
  for (auto _ : state) {
    received = Report(v1::Scope::PROVINCE, setup->province,
                      v1::GetReportRequest::CHILD_UNIT, state);
  }
  state.counters["received"] = static_cast<double>(received);
}
BENCHMARK(BM_ProvinceYearReportByDistrict)->Unit(benchmark::kMillisecond)->UseRealTime();

// The province by district, then each district by field: what a province
// dashboard's "year at a glance" asks.
void BM_ProvinceYearReportByDistrictAndField(benchmark::State& state) {
  for (auto _ : state) {
    Report(v1::Scope::PROVINCE, setup->province,
           v1::GetReportRequest::CHILD_UNIT, state);
    for (const std::string& d : setup->districts) {
      Report(v1::Scope::DISTRICT, d, v1::GetReportRequest::FIELD, state);
    }
  }
}
BENCHMARK(BM_ProvinceYearReportByDistrictAndField)
    ->Unit(benchmark::kMillisecond)->UseRealTime();

void Rates(const std::string& district, bool monthly, benchmark::State& state) {
  v1::GetRatesRequest r;
  r.mutable_scope()->set_kind(v1::Scope::DISTRICT);
  r.mutable_scope()->set_code(district);
  SetYear(r.mutable_period());
  r.set_monthly(monthly);
  v1::RatesReport out;
  grpc::ClientContext c;
  Authorize(&c);
  grpc::Status s = setup->stub->GetRates(&c, r, &out);
  if (!s.ok()) state.SkipWithError(s.error_message().c_str());
  if (monthly && out.months_size() != 12) state.SkipWithError("not 12 months");
}

void BM_DistrictYearRates(benchmark::State& state) {
  for (auto _ : state) Rates(setup->districts[0], false, state);
}
BENCHMARK(BM_DistrictYearRates)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_DistrictMonthlyRateSeries(benchmark::State& state) {
  for (auto _ : state) Rates(setup->districts[0], true, state);
}
BENCHMARK(BM_DistrictMonthlyRateSeries)->Unit(benchmark::kMillisecond)->UseRealTime();

// A batch job's pull: every dossier of a district received in the year,
// streamed without personal data. Reports dossiers per second.
void BM_ExportDistrictYear(benchmark::State& state) {
  int64_t total = 0;
  for (auto _ : state) {
    v1::ExportDossiersRequest r;
    r.mutable_scope()->set_kind(v1::Scope::DISTRICT);
    r.mutable_scope()->set_code(setup->districts[0]);
    SetYear(r.mutable_period());
    grpc::ClientContext c;
    Authorize(&c);
    auto reader = setup->stub->ExportDossiers(&c, r);
    v1::ExportDossiersResponse message;
    int64_t n = 0;
    while (reader->Read(&message)) n += message.dossiers_size();
    grpc::Status s = reader->Finish();
    if (!s.ok()) state.SkipWithError(s.error_message().c_str());
    total += n;
  }
  state.SetItemsProcessed(total);
  state.counters["dossiers"] =
      static_cast<double>(total) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ExportDistrictYear)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

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
  motcua::bench::setup->server->Shutdown();
  return 0;
}

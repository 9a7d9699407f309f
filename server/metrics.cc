#include "server/metrics.h"

#include <sstream>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "google/protobuf/descriptor.h"
#include "prometheus/text_serializer.h"
#include "server/process_stats.h"
#include "service/log.h"
#include "service/store_overview.h"

namespace motcua::server {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

// Prometheus' default buckets, with finer ones below 5 ms, where a desk
// write and most reads fall.
const prometheus::Histogram::BucketBoundaries kCallBuckets = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
// A synced group commit takes one log sync: about 0.1 to 10 ms on SSDs.
const prometheus::Histogram::BucketBoundaries kCommitBuckets = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
    0.01,   0.025,   0.05,   0.1,   0.25,   1};
// Writes per group: up to --write_threads (64 by default) and beyond.
const prometheus::Histogram::BucketBoundaries kGroupBuckets = {
    1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

const char* const kCodeNames[17] = {"OK",
                                    "CANCELLED",
                                    "UNKNOWN",
                                    "INVALID_ARGUMENT",
                                    "DEADLINE_EXCEEDED",
                                    "NOT_FOUND",
                                    "ALREADY_EXISTS",
                                    "PERMISSION_DENIED",
                                    "RESOURCE_EXHAUSTED",
                                    "FAILED_PRECONDITION",
                                    "ABORTED",
                                    "OUT_OF_RANGE",
                                    "UNIMPLEMENTED",
                                    "INTERNAL",
                                    "UNAVAILABLE",
                                    "DATA_LOSS",
                                    "UNAUTHENTICATED"};

MetricFamily Family(std::string name, std::string help, MetricType type) {
  MetricFamily f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  return f;
}

// A family of one unlabelled sample.
MetricFamily One(std::string name, std::string help, MetricType type,
                 double value) {
  MetricFamily f = Family(std::move(name), std::move(help), type);
  ClientMetric m;
  if (type == MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(std::move(m));
  return f;
}

MetricFamily Gauge(std::string name, std::string help, double value) {
  return One(std::move(name), std::move(help), MetricType::Gauge, value);
}

MetricFamily Counter(std::string name, std::string help, double value) {
  return One(std::move(name), std::move(help), MetricType::Counter, value);
}

const char* TypeOf(const google::protobuf::MethodDescriptor& m) {
  if (m.client_streaming() && m.server_streaming()) return "bidi_stream";
  if (m.client_streaming()) return "client_stream";
  if (m.server_streaming()) return "server_stream";
  return "unary";
}

}  // namespace

const char* StatusCodeName(grpc::StatusCode code) {
  const int i = static_cast<int>(code);
  return i >= 0 && i < 17 ? kCodeNames[i] : "UNKNOWN";
}

Metrics::Metrics(std::string version)
    : version_(std::move(version)),
      registry_(std::make_shared<prometheus::Registry>()) {
  started_ = &prometheus::BuildCounter()
                  .Name("grpc_server_started_total")
                  .Help("Total number of RPCs started on the server.")
                  .Register(*registry_);
  handled_ = &prometheus::BuildCounter()
                  .Name("grpc_server_handled_total")
                  .Help(
                      "Total number of RPCs completed on the server, "
                      "regardless of success or failure.")
                  .Register(*registry_);
  handling_seconds_ =
      &prometheus::BuildHistogram()
           .Name("grpc_server_handling_seconds")
           .Help(
               "Histogram of response latency (seconds) of gRPC that had "
               "been application-level handled by the server.")
           .Register(*registry_);
  group_writes_ =
      &prometheus::BuildHistogram()
           .Name("motcua_group_commit_writes")
           .Help(
               "Writes committed together per group commit (one log "
               "write and sync each).")
           .Register(*registry_)
           .Add({}, kGroupBuckets);
  group_seconds_ =
      &prometheus::BuildHistogram()
           .Name("motcua_group_commit_seconds")
           .Help(
               "Duration of each group commit's storage write: log "
               "append, sync (when writes are synced) and memtable insert.")
           .Register(*registry_)
           .Add({}, kCommitBuckets);
  scrape_errors_ = &prometheus::BuildCounter()
                        .Name("motcua_scrape_errors_total")
                        .Help(
                            "Scrapes that left figures out because they "
                            "could not be read (the server's log says why).")
                        .Register(*registry_)
                        .Add({});
  http_requests_ = &prometheus::BuildCounter()
                        .Name("motcua_http_requests_total")
                        .Help(
                            "Answers of the dashboard's JSON API, by route "
                            "and HTTP status.")
                        .Register(*registry_);
  auto& refused = prometheus::BuildCounter()
                      .Name("motcua_refused_before_serving_total")
                      .Help(
                          "gRPC calls refused from their headers before "
                          "their body was read (no valid token), and "
                          "connections closed on arrival (over a cap).")
                      .Register(*registry_);
  refused_calls_ = &refused.Add({{"what", "call"}});
  refused_connections_ = &refused.Add({{"what", "connection"}});
}

Metrics::~Metrics() = default;

void Metrics::CountRefusedCall() { refused_calls_->Increment(); }

void Metrics::CountRefusedConnection() { refused_connections_->Increment(); }

void Metrics::CountHttpRequest(absl::string_view route, int http_status) {
  // Family::Add finds the series or creates it, under the family's lock.
  http_requests_
      ->Add({{"route", std::string(route)},
             {"code", std::to_string(http_status)}})
      .Increment();
}

RpcMethodMetrics& Metrics::NewMethod(const std::string& service,
                                     const std::string& method,
                                     const std::string& type) {
  auto m = std::make_unique<RpcMethodMetrics>();
  m->path = absl::StrCat("/", service, "/", method);
  m->service = service;
  m->method = method;
  m->type = type;
  const std::map<std::string, std::string> labels = {
      {"grpc_service", service}, {"grpc_method", method}, {"grpc_type", type}};
  m->started = &started_->Add(labels);
  m->handling_seconds = &handling_seconds_->Add(labels, kCallBuckets);
  for (int code = 0; code < 17; ++code) {
    std::map<std::string, std::string> with_code = labels;
    with_code["grpc_code"] = kCodeNames[code];
    m->handled[static_cast<size_t>(code)] = &handled_->Add(with_code);
  }
  RpcMethodMetrics& ref = *m;
  by_path_[m->path] = m.get();
  methods_.push_back(std::move(m));
  return ref;
}

bool Metrics::AddService(const std::string& full_name) {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          full_name);
  if (service == nullptr) return false;
  for (int i = 0; i < service->method_count(); ++i) {
    const google::protobuf::MethodDescriptor& m = *service->method(i);
    NewMethod(full_name, m.name(), TypeOf(m)).protobuf_requests = true;
  }
  return true;
}

void Metrics::AddRawMethod(const std::string& service,
                           const std::string& method, const std::string& type) {
  NewMethod(service, method, type);
}

const RpcMethodMetrics* Metrics::FindMethod(absl::string_view path) const {
  auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : it->second;
}

void Metrics::Attach(const WorkerPool* writers, storage::Store* store,
                     service::Application* application) {
  writers_ = writers;
  store_ = store;
  application_ = application;
}

void Metrics::GroupCommitted(int writes, size_t /*bytes*/,
                             absl::Duration duration) {
  group_writes_->Observe(writes);
  group_seconds_->Observe(absl::ToDoubleSeconds(duration));
}

std::string Metrics::Serialize() {
  std::vector<MetricFamily> families;
  std::string failed;  // what could not be read
  const absl::Time now = absl::Now();

  MetricFamily build =
      Family("motcua_build_info", "The server's version; always 1.",
             MetricType::Gauge);
  ClientMetric info;
  info.label.push_back({"version", version_});
  info.gauge.value = 1;
  build.metric.push_back(info);
  families.push_back(std::move(build));

  absl::StatusOr<ProcessStats> process = ReadProcessStats();
  if (process.ok()) {
    families.push_back(Gauge("process_resident_memory_bytes",
                             "Resident memory size in bytes.",
                             static_cast<double>(process->resident_bytes)));
    families.push_back(Gauge("process_virtual_memory_bytes",
                             "Virtual memory size in bytes.",
                             static_cast<double>(process->virtual_bytes)));
    families.push_back(Gauge("process_threads", "Threads of the process.",
                             static_cast<double>(process->threads)));
    families.push_back(Gauge("process_open_fds",
                             "Number of open file descriptors.",
                             static_cast<double>(process->open_fds)));
    families.push_back(Gauge("process_max_fds",
                             "Maximum number of open file descriptors.",
                             static_cast<double>(process->max_fds)));
    families.push_back(Counter("process_cpu_seconds_total",
                               "Total user and system CPU time spent in "
                               "seconds.",
                               process->cpu_seconds));
    families.push_back(
        Gauge("process_start_time_seconds",
              "Start time of the process since unix epoch in "
              "seconds.",
              absl::ToDoubleSeconds(process->start_time - absl::UnixEpoch())));
    families.push_back(Gauge("motcua_uptime_seconds",
                             "Seconds since the process started.",
                             absl::ToDoubleSeconds(now - process->start_time)));
  } else {
    absl::StrAppend(&failed, " process: ", process.status().message());
  }

  if (writers_ != nullptr) {
    families.push_back(Gauge("motcua_write_queue_depth",
                             "Writes waiting for a write thread.",
                             static_cast<double>(writers_->queued())));
    families.push_back(Gauge("motcua_write_queue_capacity",
                             "Writes that may wait (--write_queue) before "
                             "more are refused.",
                             static_cast<double>(writers_->max_queued())));
    families.push_back(Counter("motcua_writes_refused_total",
                               "Writes refused with RESOURCE_EXHAUSTED "
                               "because the write queue was full.",
                               static_cast<double>(writers_->refused())));
  }

  if (store_ != nullptr) {
    absl::StatusOr<service::StoreOverview> overview =
        service::ReadStoreOverview(*store_, now);
    if (overview.ok()) {
      families.push_back(Gauge("motcua_dossiers",
                               "Dossiers received or refused at reception.",
                               static_cast<double>(overview->dossiers)));
      families.push_back(Gauge("motcua_dossiers_open",
                               "Dossiers received and not yet resolved.",
                               static_cast<double>(overview->open)));
      families.push_back(Gauge("motcua_dossiers_overdue",
                               "Open dossiers overdue (as judged at the end "
                               "of today).",
                               static_cast<double>(overview->overdue)));
    } else {
      absl::StrAppend(&failed, " dossiers: ", overview.status().message());
    }
    absl::StatusOr<storage::EngineStats> engine = store_->GetEngineStats();
    if (engine.ok()) {
      families.push_back(
          Gauge("motcua_storage_pending_compaction_bytes",
                "Bytes the storage engine estimates its compactions must "
                "still rewrite.",
                static_cast<double>(engine->pending_compaction_bytes)));
      families.push_back(Gauge("motcua_storage_memtable_bytes",
                               "Bytes held in the engine's write buffers.",
                               static_cast<double>(engine->memtable_bytes)));
      families.push_back(Gauge("motcua_storage_table_bytes",
                               "Bytes of the engine's live table files.",
                               static_cast<double>(engine->table_bytes)));
      families.push_back(Counter("motcua_storage_write_stalls_total",
                                 "Times the engine slowed or stopped writes "
                                 "for compaction to catch up.",
                                 static_cast<double>(engine->write_stalls)));
      families.push_back(Gauge("motcua_storage_writes_stopped",
                               "1 while the engine stops writes.",
                               engine->writes_stopped ? 1 : 0));
    } else {
      absl::StrAppend(&failed, " storage: ", engine.status().message());
    }
  }

  if (application_ != nullptr) {
    if (std::optional<service::VerifyOutcome> verify =
            application_->admin().last_verify()) {
      families.push_back(Gauge("motcua_verify_differences",
                               "Differences the last VerifyStore call found "
                               "(absent until one ran since the start).",
                               static_cast<double>(verify->differences)));
      families.push_back(Gauge(
          "motcua_verify_last_run_timestamp_seconds",
          "When the last VerifyStore call finished, since unix epoch.",
          absl::ToDoubleSeconds(verify->finished_at - absl::UnixEpoch())));
    }
  }

  if (!failed.empty()) {
    scrape_errors_->Increment();
    service::Log(
        service::LogLevel::kWarning,
        absl::StrCat("metrics: figures left out of a scrape:", failed));
  }
  std::vector<MetricFamily> registered = registry_->Collect();
  families.insert(families.end(), std::make_move_iterator(registered.begin()),
                  std::make_move_iterator(registered.end()));
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

}  // namespace motcua::server

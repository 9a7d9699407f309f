// The server's Prometheus metrics: per-RPC counters and latencies (fed by
// the call interceptor, server/call_interceptor.h), the write path (fed by
// the store's WriteObserver), and figures read at each scrape from the write
// pool, the store, the application and /proc. Serialize() gives the text
// exposition format served on /metrics. README's "Metrics" lists them all.
#pragma once

#include <array>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "grpcpp/support/status.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "server/worker_pool.h"
#include "service/application.h"
#include "storage/store.h"
#include "storage/write_observer.h"

namespace motcua::server {

// One RPC method's series, labelled as go-grpc-prometheus labels them.
struct RpcMethodMetrics {
  std::string path;     // "/motcua.v1.DossierService/ReceiveDossier"
  std::string service;  // grpc_service: "motcua.v1.DossierService"
  std::string method;   // grpc_method: "ReceiveDossier"
  std::string type;     // grpc_type: unary, client_stream, server_stream,
                        // bidi_stream
  // Whether requests are generated protobuf messages (their size can be
  // taken); false for services built on raw byte buffers (health).
  bool protobuf_requests = false;
  prometheus::Counter* started = nullptr;
  // By grpc::StatusCode (0..16).
  std::array<prometheus::Counter*, 17> handled{};
  prometheus::Histogram* handling_seconds = nullptr;
};

// The canonical name of a status code ("OK", "INVALID_ARGUMENT"...).
const char* StatusCodeName(grpc::StatusCode code);

class Metrics : public storage::WriteObserver {
 public:
  explicit Metrics(std::string version);
  ~Metrics() override;

  // Declares every method of the service named `full_name` (its descriptor
  // is looked up among the linked protobuf files), each series at zero, as
  // go-grpc-prometheus does, so rates exist before the first call.
  // Returns false when no such service is linked. Before serving only.
  bool AddService(const std::string& full_name);
  // Declares a method whose messages are not generated protobuf messages.
  void AddRawMethod(const std::string& service, const std::string& method,
                    const std::string& type);
  // The series of `path`, or null for a method never declared (a client
  // calling an unknown method must not create series). Lock-free: the table
  // is fixed once serving starts.
  const RpcMethodMetrics* FindMethod(absl::string_view path) const;

  // Where the figures read at scrape time come from; all must outlive this
  // object, or be detached (null) before they go.
  void Attach(const WorkerPool* writers, storage::Store* store,
              service::Application* application);

  // Counts one answer of the dashboard's JSON API: `route` is the API
  // path ("/api/v1/StatisticsService/GetReport"), or "other" for a path the
  // API does not serve (a caller must not create series at will).
  void CountHttpRequest(absl::string_view route, int http_status);
  // Counts one gRPC call refused before its body was read (CallGate), one
  // connection closed on arrival (ConnectionLimit).
  void CountRefusedCall();
  void CountRefusedConnection();

  // storage::WriteObserver.
  void GroupCommitted(int writes, size_t bytes,
                      absl::Duration duration) override;

  // Every metric in Prometheus text format 0.0.4. Figures that cannot be
  // read at this scrape (a store error) are left out, and
  // motcua_scrape_errors_total counts it.
  std::string Serialize();

 private:
  RpcMethodMetrics& NewMethod(const std::string& service,
                              const std::string& method,
                              const std::string& type);

  const std::string version_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* started_;
  prometheus::Family<prometheus::Counter>* handled_;
  prometheus::Family<prometheus::Histogram>* handling_seconds_;
  prometheus::Histogram* group_writes_;
  prometheus::Histogram* group_seconds_;
  prometheus::Counter* scrape_errors_;
  prometheus::Family<prometheus::Counter>* http_requests_;
  prometheus::Counter* refused_calls_;
  prometheus::Counter* refused_connections_;
  std::vector<std::unique_ptr<RpcMethodMetrics>> methods_;
  absl::flat_hash_map<std::string, const RpcMethodMetrics*> by_path_;

  const WorkerPool* writers_ = nullptr;
  storage::Store* store_ = nullptr;
  service::Application* application_ = nullptr;
};

}  // namespace motcua::server

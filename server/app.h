// The motcua server assembled: the store, the application over it, the
// five gRPC services, health checking and reflection, on one gRPC server;
// every call counted and logged by one interceptor; /metrics on the HTTP
// listener.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "server/access_log.h"
#include "server/admin_service.h"
#include "server/calendar_service.h"
#include "server/call_gate.h"
#include "server/catalogue_service.h"
#include "server/connection_limit.h"
#include "server/dossier_service.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "server/server_options.h"
#include "server/statistics_service.h"
#include "server/store_health.h"
#include "server/worker_pool.h"
#include "service/application.h"
#include "service/sessions.h"
#include "storage/store.h"

namespace motcua::server {

class App {
 public:
  // Opens the store under options.data_dir, loads the first-start data into
  // an empty store (calendars, demo catalogue, an administrator token told
  // once), applies rule flags, and starts serving.
  static absl::StatusOr<std::unique_ptr<App>> Start(const ServerOptions& o);
  ~App();

  // The address actually bound (the port chosen when the flag said 0).
  const std::string& address() const { return address_; }
  // The HTTP listener's address; empty when it is off.
  std::string http_address() const {
    return http_ == nullptr ? std::string() : http_->address();
  }
  // The first administrator token's secret, when this start created it.
  const std::string& new_admin_secret() const { return new_admin_secret_; }

  // Stops accepting calls, lets in-flight ones finish (up to `grace`), then
  // closes the store cleanly.
  void Shutdown(absl::Duration grace);

 private:
  App() = default;

  // Declared first so they outlive the store (told of its writes) and the
  // gRPC server (whose interceptor feeds them).
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<AccessLog> access_log_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<service::Application> application_;
  std::unique_ptr<WorkerPool> writers_;  // outlives the server's calls
  // The public lookups, which wait out their answer floor: apart, so that
  // a flood of them holds neither gRPC's threads nor the writers.
  std::unique_ptr<WorkerPool> lookups_;
  // The statistics and dossier reads of a PostgreSQL store, one thread per
  // pooled connection (RespondRead); null with RocksDB, whose reads run
  // inline.
  std::unique_ptr<WorkerPool> readers_;
  std::unique_ptr<LookupAdmission> lookup_admission_;
  std::unique_ptr<DossierServiceImpl> dossiers_;
  std::unique_ptr<CatalogueServiceImpl> catalogue_;
  std::unique_ptr<CalendarServiceImpl> calendar_;
  std::unique_ptr<AdminServiceImpl> admin_;
  std::unique_ptr<StatisticsServiceImpl> statistics_;
  std::unique_ptr<CallGate> gate_;  // outlives the server's calls
  std::shared_ptr<ConnectionLimit> connections_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<StoreHealth> health_;          // before server_ goes
  std::unique_ptr<service::Sessions> sessions_;  // the dashboard's
  std::unique_ptr<HttpServer> http_;
  std::string address_;
  std::string new_admin_secret_;
};

}  // namespace motcua::server

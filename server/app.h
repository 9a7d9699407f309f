// The motcua server assembled: the store, the application over it, the
// five gRPC services, health checking and reflection, on one gRPC server.
#pragma once

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "server/admin_service.h"
#include "server/calendar_service.h"
#include "server/catalogue_service.h"
#include "server/dossier_service.h"
#include "server/server_options.h"
#include "server/statistics_service.h"
#include "server/worker_pool.h"
#include "service/application.h"
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
  // The first administrator token's secret, when this start created it.
  const std::string& new_admin_secret() const { return new_admin_secret_; }

  // Stops accepting calls, lets in-flight ones finish (up to `grace`), then
  // closes the store cleanly.
  void Shutdown(absl::Duration grace);

 private:
  App() = default;

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<service::Application> application_;
  std::unique_ptr<WorkerPool> writers_;  // outlives the server's calls
  std::unique_ptr<DossierServiceImpl> dossiers_;
  std::unique_ptr<CatalogueServiceImpl> catalogue_;
  std::unique_ptr<CalendarServiceImpl> calendar_;
  std::unique_ptr<AdminServiceImpl> admin_;
  std::unique_ptr<StatisticsServiceImpl> statistics_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
  std::string new_admin_secret_;
};

}  // namespace motcua::server

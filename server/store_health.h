// Keeps gRPC's standard health service (grpc.health.v1.Health) true to the
// store: a thread asks the store whether it takes writes (Store::
// CheckWritable) every `interval` and sets every service SERVING or
// NOT_SERVING accordingly, logging each change once. On PostgreSQL this is
// NOT_SERVING while no primary is reachable (during a failover), so a load
// balancer or orchestrator stops sending calls that could only fail.
#pragma once

#include <functional>
#include <thread>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/health_check_service_interface.h"

namespace motcua::server {

class StoreHealth {
 public:
  // Starts checking at once with `probe` (Store::CheckWritable), then every
  // `interval`. `health` must outlive this object.
  StoreHealth(std::function<absl::Status()> probe,
              grpc::HealthCheckServiceInterface* health,
              absl::Duration interval);
  // Stops the thread (waits for a check in progress).
  ~StoreHealth();
  StoreHealth(const StoreHealth&) = delete;
  StoreHealth& operator=(const StoreHealth&) = delete;

 private:
  void Run();

  const std::function<absl::Status()> probe_;
  grpc::HealthCheckServiceInterface* const health_;
  const absl::Duration interval_;
  absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  std::thread thread_;
};

}  // namespace motcua::server

// The public status lookup as gRPC serves it. Anyone may call it, so its
// request is read only once the call is admitted: a client address may
// have a few lookups in progress and the server a bounded number in all.
// gRPC 1.51 reads a unary call's whole body before any handler runs (and
// opens the call's window to whatever length the body announces), so the
// lookup is served as a one-message stream whose single read the server
// starts itself, after admission; on the wire it is the same unary call.
#pragma once

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "motcua/v1/dossier_service.grpc.pb.h"
#include "server/worker_pool.h"
#include "service/application.h"

namespace motcua::server {

// Lookups in progress (admitted, not yet answered), per client address and
// in all.
class LookupAdmission {
 public:
  LookupAdmission(int per_address, int total)
      : per_address_(per_address), total_(total) {}

  // Counts a lookup from `address` in, or RESOURCE_EXHAUSTED (nothing
  // counted) when the address or the server has its most in progress.
  absl::Status Enter(const std::string& address);
  // Counts one lookup from `address` out; only after an OK Enter.
  void Leave(const std::string& address);

 private:
  const int per_address_;
  const int total_;
  absl::Mutex mu_;
  int in_progress_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, int> by_address_ ABSL_GUARDED_BY(mu_);
};

// The handler of DossierService/LookupDossierStatus, for
// grpc::Service::MarkMethodStreamed: admits the call (`admission`), reads
// its one request, answers it on `lookups` (each lookup waits out its
// answer floor there; beyond the pool's queue RESOURCE_EXHAUSTED at once).
// All three must outlive the server.
grpc::internal::MethodHandler* NewLookupHandler(service::Application& app,
                                                WorkerPool& lookups,
                                                LookupAdmission& admission);

}  // namespace motcua::server

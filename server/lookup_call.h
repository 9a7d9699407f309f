// The public status lookup as gRPC serves it. Anyone may call it, so its
// request is read only once the call is admitted: a client (an address, an
// IPv6 /64) may have a few lookups in progress and the server a bounded
// number in all, and a lookup whose request has not arrived within a few
// seconds is ended, so that no one holds its places by sending nothing.
// gRPC 1.51 reads a unary call's whole body before any handler runs (and
// opens the call's window to whatever length the body announces), so the
// lookup is served as a one-message stream whose single read the server
// starts itself, after admission; on the wire it is the same unary call (a
// second message, which no unary client sends, is never read).
#pragma once

#include <string>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/impl/codegen/server_callback_handlers.h"
#include "motcua/v1/dossier_service.grpc.pb.h"
#include "server/worker_pool.h"
#include "service/application.h"

namespace motcua::server {

// Lookups in progress (admitted, not yet answered), per client and in all,
// and the time each may take to send its request.
class LookupAdmission {
 public:
  // A lookup waiting for its request.
  class Waiting {
   public:
    virtual ~Waiting() = default;
    // Its request did not arrive in time: end the call.
    virtual void RequestTimedOut() = 0;
    // The admission is done with it (after RequestTimedOut, or on Unwatch).
    virtual void Release() = 0;
  };

  LookupAdmission(int per_client, int total, absl::Duration request_timeout);
  ~LookupAdmission();  // stops watching; every watch is released first
  LookupAdmission(const LookupAdmission&) = delete;
  LookupAdmission& operator=(const LookupAdmission&) = delete;

  // Counts a lookup from `client` (service::LookupClientKey of its
  // address) in, or RESOURCE_EXHAUSTED (nothing counted) when the client or
  // the server has its most in progress.
  absl::Status Enter(const std::string& client);
  // Counts one lookup from `client` out; only after an OK Enter.
  void Leave(const std::string& client);

  // Watches `waiting` until Unwatch: once `request_timeout` has passed, its
  // RequestTimedOut and then Release are called, from the admission's own
  // thread. Unwatch before that releases it at once (and after, nothing).
  void Watch(Waiting* waiting);
  void Unwatch(Waiting* waiting);

 private:
  void WatchLoop();

  const int per_client_;
  const int total_;
  const absl::Duration request_timeout_;
  absl::Mutex mu_;
  int in_progress_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, int> by_client_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<Waiting*, absl::Time> waiting_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread watcher_;
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

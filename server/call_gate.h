// The refusal gRPC 1.51 lets a server make before it reads a call's body: a
// call to a method that needs a token, arriving without a valid one, is
// answered UNAUTHENTICATED from its headers alone, so its body is never
// buffered (handlers and interceptors only see a call once its whole body
// is in memory; an unauthenticated caller announcing megabytes would
// otherwise be held until the memory quota cancels it).
//
// For the API's methods the gate is a pre-filter, not the authority: every
// handler still authenticates and authorizes the call itself (CallerOf), so
// a token revoked a moment ago is refused there even while the gate's cache
// still knows it. Server reflection has no handler of ours: for it the gate
// is the authority and always asks the store.
//
// The gate never makes gRPC's own threads wait for the store: a token it
// remembers is let through at once, a missing or malformed header refused
// at once, and any other is checked on the gate's own few threads; when
// their queue is full the call is refused with UNAVAILABLE.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/security/server_credentials.h"
#include "server/worker_pool.h"
#include "service/application.h"

namespace motcua::server {

class CallGate {
 public:
  // `public_paths`: the methods anyone may call without a token
  // ("/motcua.v1.DossierService/LookupDossierStatus", health checking).
  // `on_refused` (may be empty) is told of each refusal: the call's path
  // (the caller's text) and the status it is answered with.
  using OnRefused =
      std::function<void(absl::string_view path, const absl::Status& status)>;
  CallGate(service::Application& app, std::vector<std::string> public_paths,
           OnRefused on_refused = {});

  // Decides whether a call to `path` carrying this "authorization" metadata
  // ("" when absent) may have its body read, and tells `done` (at once, or
  // later from one of the gate's threads): OK when the path is public or
  // the token is valid (Application::Authenticate, remembered for a few
  // seconds so that a desk's calls do not read the store twice each);
  // otherwise the status the handler would give, UNAUTHENTICATED with the
  // same message, or UNAVAILABLE when the gate's queue is full.
  void Admit(absl::string_view path, absl::string_view authorization,
             std::function<void(const absl::Status&)> done);

 private:
  // The store's answer for a token, remembered when valid.
  absl::Status Check(absl::string_view path, const std::string& authorization);
  absl::Status Refused(absl::string_view path, absl::Status status);

  service::Application& app_;
  const absl::flat_hash_set<std::string> public_paths_;
  const OnRefused on_refused_;
  absl::Mutex mu_;
  // Authorization values found valid, until when they are trusted here.
  absl::flat_hash_map<std::string, absl::Time> known_ ABSL_GUARDED_BY(mu_);
  WorkerPool checkers_;  // last: its tasks use the members above
};

// Server credentials, TLS when `tls_cert_pem` and `tls_key_pem` are given
// and plaintext otherwise, under which every call passes `gate` on its
// headers before gRPC reads its body. `gate` must outlive the server.
// InvalidArgument when only one of the two PEM texts is given.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> GatedCredentials(
    CallGate* gate, const std::string& tls_cert_pem,
    const std::string& tls_key_pem);

}  // namespace motcua::server

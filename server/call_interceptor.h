// The one place every gRPC call is counted and logged: a server interceptor
// that, per call, increments grpc_server_started_total, and when the status
// is sent, grpc_server_handled_total and grpc_server_handling_seconds
// (server/metrics.h), and writes the call's access-log line
// (server/access_log.h). Handlers do nothing for it besides authenticating
// through CallerOf (server/call_context.h), which notes the principal.
#pragma once

#include "grpcpp/support/server_interceptor.h"
#include "server/access_log.h"
#include "server/metrics.h"

namespace motcua::server {

class CallInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `metrics` must outlive the server; `access_log` too, or null for none.
  CallInterceptorFactory(const Metrics* metrics, AccessLog* access_log)
      : metrics_(metrics), access_log_(access_log) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const Metrics* const metrics_;
  AccessLog* const access_log_;
};

// Counts and logs, as the interceptor would, a call refused from its
// headers before any interceptor saw it (CallGate): started and handled
// with `code` in its method's series, and one access-log line without a
// principal (`access_log` may be null).
void RecordRefusedCall(const Metrics& metrics, AccessLog* access_log,
                       absl::string_view path, grpc::StatusCode code);

}  // namespace motcua::server

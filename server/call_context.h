// What every gRPC handler reads from a call before it asks the application:
// the authenticated principal (the one place that reads credentials: gRPC
// 1.51 interceptors cannot reject a call) and a write's options.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "core/access.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "motcua/v1/dossier_service.pb.h"
#include "service/application.h"
#include "service/write_options.h"

namespace motcua::server {

// The principal of the call's "authorization" metadata
// (service::Application::Authenticate).
absl::StatusOr<core::Principal> CallerOf(
    const grpc::CallbackServerContext& context, service::Application& app);

// The caller's address without its port ("ipv4:192.0.2.7", "ipv6:[::1]"),
// for per-client limits.
std::string ClientAddressOf(const grpc::CallbackServerContext& context);

// The calls the access log follows: its interceptor opens a record for each
// call when it starts and closes it when the call ends; CallerOf notes the
// authenticated principal's name in it (gRPC gives interceptors no other
// way to learn what a handler found). Calls without a record (no
// interceptor, as in tests) are not noted.
void OpenCallRecord(const grpc::ServerContextBase* context);
// The principal name noted for the call, or "" when none was (the call was
// refused before authentication, or carried no valid token).
std::string NotedCaller(const grpc::ServerContextBase* context);
void CloseCallRecord(const grpc::ServerContextBase* context);

// A write's options, with the whole request as its idempotency bytes.
// InvalidArgument naming write.occurred_at when it is out of range.
absl::StatusOr<service::WriteOptions> WriteOptionsOf(
    const v1::WriteOptions& write, const google::protobuf::Message& request);

}  // namespace motcua::server

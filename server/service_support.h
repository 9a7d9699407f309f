// Small pieces every service shares: finishing a unary call with a status.
#pragma once

#include <functional>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"

namespace motcua::server {

// Runs `handler` on the callback thread and finishes the call with its
// status (the one place a handler's absl::Status becomes the call's).
grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context,
                                  const std::function<absl::Status()>& handler);

}  // namespace motcua::server

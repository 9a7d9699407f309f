// Small pieces every service shares: finishing a unary call with a status.
#pragma once

#include <functional>

#include "absl/status/status.h"
#include "core/status_macros.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "server/call_context.h"
#include "server/worker_pool.h"

namespace motcua::server {

// Runs `handler` on the callback thread and finishes the call with its
// status (the one place a handler's absl::Status becomes the call's).
// For work that does not wait on the disk's sync: reads and rare writes.
grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context,
                                  const std::function<absl::Status()>& handler);

// What a pool runs, for the words of a refusal.
enum class PoolWork { kWrites, kReads };

// Runs `handler` on `workers` and finishes the call with its status, so that
// durable writes wait for their sync together. When the pool's queue is full
// the call finishes at once with RESOURCE_EXHAUSTED and nothing is done
// (nothing written); a call whose client gave up while it waited is not run
// either. `handler` runs after this returns: it must capture by value (the
// context, request and response pointers stay valid until the call
// finishes).
grpc::ServerUnaryReactor* RespondOnWorkers(
    grpc::CallbackServerContext* context, WorkerPool& workers,
    std::function<absl::Status()> handler, PoolWork work = PoolWork::kWrites);

// Answers a read call: authenticates the caller (CallerOf) and runs `call`
// (one of server/read_calls.h) as it: on `readers` when given, else on the
// callback thread. A store whose reads wait on a network round trip
// (PostgreSQL) needs the pool: gRPC runs callbacks on about one thread per
// core, so reads run inline leave the cores idle while they wait.
template <typename Request, typename Response, typename Call>
grpc::ServerUnaryReactor* RespondRead(grpc::CallbackServerContext* context,
                                      service::Application& app,
                                      const Request* request,
                                      Response* response, Call call,
                                      WorkerPool* readers = nullptr) {
  auto handler = [context, &app, request, response, call]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller,
                            CallerOf(*context, app));
    return call(app, caller, *request, response);
  };
  if (readers != nullptr) {
    return RespondOnWorkers(context, *readers, handler, PoolWork::kReads);
  }
  return Respond(context, handler);
}

}  // namespace motcua::server

#include "server/service_support.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "server/grpc_status.h"
#include "service/log.h"

namespace motcua::server {
namespace {

// Finishes the call; a refused caller (no valid token, or a token not
// allowed to do this) is logged at a bounded rate, with its address and the
// refusal, never a secret or personal data.
void Finish(grpc::CallbackServerContext* context,
            grpc::ServerUnaryReactor* reactor, const absl::Status& status) {
  if (absl::IsUnauthenticated(status) || absl::IsPermissionDenied(status)) {
    service::LogLimited(
        service::LogLevel::kWarning, "refused",
        absl::StrCat("refused a call from ", context->peer(), ": ",
                     absl::StatusCodeToString(status.code()), ": ",
                     status.message()));
  }
  reactor->Finish(ToGrpcStatus(status));
}

}  // namespace

grpc::ServerUnaryReactor* Respond(
    grpc::CallbackServerContext* context,
    const std::function<absl::Status()>& handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  Finish(context, reactor, handler());
  return reactor;
}

grpc::ServerUnaryReactor* RespondOnWorkers(
    grpc::CallbackServerContext* context, WorkerPool& workers,
    std::function<absl::Status()> handler, PoolWork work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const bool writes = work == PoolWork::kWrites;
  const bool queued = workers.TrySubmit(
      [context, reactor, writes, handler = std::move(handler)] {
        if (context->IsCancelled()) {
          // The client stopped waiting: it was never told of a result, so
          // doing nothing keeps "acknowledged means written" and saves the
          // work (a write's sync, a read's round trip).
          reactor->Finish(ToGrpcStatus(absl::CancelledError(absl::StrCat(
              "the call was cancelled or its deadline passed before "
              "it ran",
              writes ? "; nothing was written" : ""))));
          return;
        }
        Finish(context, reactor, handler());
      });
  if (!queued) {
    reactor->Finish(ToGrpcStatus(absl::ResourceExhaustedError(absl::StrCat(
        "the server is at capacity (", workers.max_queued(),
        writes ? " writes already waiting); nothing was written, retry later "
                 "with the same request_id"
               : " reads already waiting); retry later"))));
  }
  return reactor;
}

}  // namespace motcua::server

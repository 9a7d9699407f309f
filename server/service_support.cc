#include "server/service_support.h"

#include "server/grpc_status.h"

namespace motcua::server {

grpc::ServerUnaryReactor* Respond(grpc::CallbackServerContext* context,
                                  const std::function<absl::Status()>& handler) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(handler()));
  return reactor;
}

}  // namespace motcua::server

#include "server/call_context.h"

#include "core/status_macros.h"
#include "server/api_codec.h"

namespace motcua::server {

absl::StatusOr<core::Principal> CallerOf(
    const grpc::CallbackServerContext& context, service::Application& app) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  absl::string_view header;
  if (it != metadata.end()) {
    header = absl::string_view(it->second.data(), it->second.size());
  }
  return app.Authenticate(header);
}

std::string ClientAddressOf(const grpc::CallbackServerContext& context) {
  std::string peer = context.peer();
  // "ipv4:1.2.3.4:5678", "ipv6:[::1]:5678": the port changes per connection.
  const size_t colon = peer.rfind(':');
  const size_t bracket = peer.rfind(']');
  if (colon != std::string::npos && colon > peer.find(':') &&
      (bracket == std::string::npos || colon > bracket)) {
    peer.resize(colon);
  }
  return peer;
}

absl::StatusOr<service::WriteOptions> WriteOptionsOf(
    const v1::WriteOptions& write, const google::protobuf::Message& request) {
  service::WriteOptions out;
  out.request_id = write.request_id();
  out.note = write.note();
  MOTCUA_ASSIGN_OR_RETURN(out.occurred_at,
                          FromProto(write.occurred_at(), write.has_occurred_at(),
                                    "write.occurred_at"));
  if (!out.request_id.empty()) out.request_bytes = request.SerializeAsString();
  return out;
}

}  // namespace motcua::server

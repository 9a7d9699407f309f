#include "server/grpc_status.h"

namespace motcua::server {
namespace {

// A refusal's message is for people: a kilobyte says what was wrong, and a
// longer one (a caller's megabyte quoted back) would only travel and, past
// the client's own limits, hide the real error behind RESOURCE_EXHAUSTED.
constexpr size_t kMaxMessageBytes = 1024;

}  // namespace

std::string BoundedStatusMessage(absl::string_view message) {
  if (message.size() <= kMaxMessageBytes) return std::string(message);
  size_t cut = kMaxMessageBytes;
  // Back to the start of a UTF-8 character.
  while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return std::string(message.substr(0, cut)) + "…";
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      BoundedStatusMessage(status.message()));
}

}  // namespace motcua::server

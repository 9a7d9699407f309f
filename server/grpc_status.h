// The one mapping from absl::Status to grpc::Status (their codes are the
// same numbers; gRPC 1.51 has no conversion of its own), and the bound on a
// refusal's message that every transport applies (server/http_status.h is
// the HTTP mapping).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"

namespace motcua::server {

// Messages longer than 1 KiB are cut (at a character boundary) and end
// with "…".
grpc::Status ToGrpcStatus(const absl::Status& status);

// `message` cut as above: what a caller is told of a refusal.
std::string BoundedStatusMessage(absl::string_view message);

}  // namespace motcua::server

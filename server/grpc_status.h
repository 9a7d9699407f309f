// The one mapping from absl::Status to grpc::Status (their codes are the
// same numbers; gRPC 1.51 has no conversion of its own).
#pragma once

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace motcua::server {

// Messages longer than 1 KiB are cut (at a character boundary) and end
// with "…".
grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace motcua::server

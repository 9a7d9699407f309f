// The one mapping from absl::Status to an HTTP answer, for the JSON API:
// the status code gRPC gateways use for each canonical code (AIP-193), and
// the body {"error":{"code":404,"status":"NOT_FOUND","message":"..."}} with
// the same message gRPC callers get (server/grpc_status.h bounds it).
#pragma once

#include <string>

#include "absl/status/status.h"

namespace motcua::server {

// 200 for OK; 400, 401, 403, 404, 409, 429, 499, 500, 501, 503 or 504 for
// the others.
int HttpStatusOf(absl::StatusCode code);

// The JSON body of a refusal (`status` not OK); "code" is HttpStatusOf.
std::string ErrorJson(const absl::Status& status);

}  // namespace motcua::server

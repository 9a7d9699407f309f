// Server reflection's list of services, asked of a real server the way a
// standard gRPC tool asks (grpcurl list), for tests.
#pragma once

#include <string>

#include "grpcpp/support/status.h"

namespace motcua::testing {

struct ReflectionAnswer {
  grpc::Status status;
  std::string bytes;  // the first response message, serialized
};

// Asks the server at `address` for its services with
// ServerReflectionInfo{list_services: ""}, with "authorization: Bearer
// `secret`" unless `secret` is empty.
ReflectionAnswer ListServicesByReflection(const std::string& address,
                                          const std::string& secret);

}  // namespace motcua::testing

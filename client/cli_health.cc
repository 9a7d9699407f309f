// `motcua health`: asks the server's standard grpc.health.v1.Health/Check,
// for probes and scripts. Debian ships no generated stub for health.proto,
// so the call is generic and its two small messages are coded by hand.
#include <chrono>
#include <cstdint>
#include <future>
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client/cli_command.h"
#include "client/cli_convert.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/support/byte_buffer.h"

namespace motcua::client {
namespace {

// grpc.health.v1.HealthCheckResponse.ServingStatus.
const char* StatusName(uint32_t status) {
  switch (status) {
    case 1:
      return "SERVING";
    case 2:
      return "NOT_SERVING";
    case 3:
      return "SERVICE_UNKNOWN";
    default:
      return "UNKNOWN";
  }
}

// The `status` field (1, a varint) of a HealthCheckResponse; its other
// fields, if a newer server sends some, are skipped.
absl::StatusOr<uint32_t> ParseStatus(const std::string& bytes) {
  google::protobuf::io::CodedInputStream in(
      reinterpret_cast<const uint8_t*>(bytes.data()),
      static_cast<int>(bytes.size()));
  uint32_t status = 0;  // absent: UNKNOWN
  while (const uint32_t tag = in.ReadTag()) {
    if (tag == 8) {
      if (!in.ReadVarint32(&status)) break;
    } else if (!google::protobuf::internal::WireFormatLite::SkipField(&in,
                                                                      tag)) {
      return absl::DataLossError("unreadable health check answer");
    }
  }
  return status;
}

// Health/Check for the whole server (service ""), within `timeout`.
absl::StatusOr<uint32_t> Check(Client& client, absl::Duration timeout) {
  grpc::GenericStub stub(client.channel());
  grpc::ClientContext context;  // no token: health checking is public
  context.set_deadline(std::chrono::system_clock::now() +
                       absl::ToChronoMilliseconds(timeout));
  // An empty HealthCheckRequest (service "") is zero bytes.
  grpc::Slice empty("", 0);
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(),
                 &request, &response,
                 [&done](grpc::Status s) { done.set_value(std::move(s)); });
  const grpc::Status s = done.get_future().get();
  if (!s.ok()) {
    return absl::Status(static_cast<absl::StatusCode>(s.error_code()),
                        s.error_message());
  }
  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) {
    return absl::DataLossError("unreadable health check answer");
  }
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return ParseStatus(bytes);
}

absl::Status RunHealth(Client& client, const cmdline::Flags& a, bool json) {
  if (!a.positional().empty()) return Usage("health takes no arguments");
  absl::StatusOr<double> timeout =
      a.GetDouble("timeout", 5, 0.001, 3600, "must be seconds, e.g. 5 or 0.5");
  if (!timeout.ok()) return Usage(timeout.status().message());
  absl::StatusOr<uint32_t> status = Check(client, absl::Seconds(*timeout));
  // One word on standard output whatever happened, for scripts; an
  // unreachable server is not serving.
  const std::string name = status.ok() ? StatusName(*status) : "NOT_SERVING";
  if (json) {
    std::cout << "{\"status\": \"" << name << "\"}\n";
  } else {
    std::cout << name << "\n";
  }
  if (!status.ok()) return status.status();
  if (*status != 1) {
    return absl::UnavailableError(absl::StrCat("the server answers ", name));
  }
  return absl::OkStatus();
}

}  // namespace

void AddHealthCommands(CommandTable* table) {
  (*table)["health"] = {
      "health [--timeout=SECONDS]\n"
      "  Asks the server's standard health service (grpc.health.v1.Health,\n"
      "  no token needed) and prints SERVING or NOT_SERVING. Exits 0 when\n"
      "  serving, 1 when not or when no answer came within --timeout\n"
      "  (default 5 s; the reason goes to standard error), 2 for a wrong\n"
      "  command line.",
      {"timeout"},
      RunHealth};
}

}  // namespace motcua::client

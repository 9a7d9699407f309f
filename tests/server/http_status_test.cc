// absl::Status maps to the HTTP status gRPC gateways use, and the JSON body
// carries the canonical name and the same (bounded) message as gRPC's.
#include "server/http_status.h"

#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "server/grpc_status.h"

namespace motcua::server {
namespace {

TEST(HttpStatus, EveryCanonicalCodeHasItsGatewayStatus) {
  const std::pair<absl::StatusCode, int> expected[] = {
      {absl::StatusCode::kOk, 200},
      {absl::StatusCode::kCancelled, 499},
      {absl::StatusCode::kUnknown, 500},
      {absl::StatusCode::kInvalidArgument, 400},
      {absl::StatusCode::kDeadlineExceeded, 504},
      {absl::StatusCode::kNotFound, 404},
      {absl::StatusCode::kAlreadyExists, 409},
      {absl::StatusCode::kPermissionDenied, 403},
      {absl::StatusCode::kResourceExhausted, 429},
      {absl::StatusCode::kFailedPrecondition, 400},
      {absl::StatusCode::kAborted, 409},
      {absl::StatusCode::kOutOfRange, 400},
      {absl::StatusCode::kUnimplemented, 501},
      {absl::StatusCode::kInternal, 500},
      {absl::StatusCode::kUnavailable, 503},
      {absl::StatusCode::kDataLoss, 500},
      {absl::StatusCode::kUnauthenticated, 401},
  };
  for (const auto& [code, http] : expected) {
    EXPECT_EQ(HttpStatusOf(code), http) << absl::StatusCodeToString(code);
  }
}

google::protobuf::Struct Parse(const std::string& json) {
  google::protobuf::Struct out;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &out).ok())
      << json;
  return out;
}

TEST(HttpStatus, ErrorJsonNamesTheCodeAndKeepsTheMessage) {
  const google::protobuf::Struct body = Parse(ErrorJson(
      absl::PermissionDeniedError("may not read \"440\" <b>figures</b>")));
  const auto& error = body.fields().at("error").struct_value().fields();
  EXPECT_EQ(error.at("code").number_value(), 403);
  EXPECT_EQ(error.at("status").string_value(), "PERMISSION_DENIED");
  EXPECT_EQ(error.at("message").string_value(),
            "may not read \"440\" <b>figures</b>");
}

TEST(HttpStatus, LongMessagesAreCutAsForGrpc) {
  const std::string huge(5000, 'x');
  const absl::Status status = absl::InvalidArgumentError(huge);
  const google::protobuf::Struct body = Parse(ErrorJson(status));
  EXPECT_EQ(body.fields()
                .at("error")
                .struct_value()
                .fields()
                .at("message")
                .string_value(),
            ToGrpcStatus(status).error_message());
  EXPECT_LT(ToGrpcStatus(status).error_message().size(), 1100u);
}

}  // namespace
}  // namespace motcua::server

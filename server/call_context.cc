#include "server/call_context.h"

#include "absl/strings/str_cat.h"
#include "server/api_codec.h"
#include "server/token_auth.h"

namespace motcua::server {

absl::StatusOr<core::Principal> CallerOf(
    const grpc::CallbackServerContext& context, storage::Store& store) {
  const auto& metadata = context.client_metadata();
  auto it = metadata.find("authorization");
  absl::string_view header;
  if (it != metadata.end()) {
    header = absl::string_view(it->second.data(), it->second.size());
  }
  return Authenticate(store, header);
}

absl::StatusOr<core::Principal> AdminCaller(
    const grpc::CallbackServerContext& context, storage::Store& store,
    absl::string_view what) {
  absl::StatusOr<core::Principal> caller = CallerOf(context, store);
  if (!caller.ok()) return caller.status();
  absl::Status s = core::CheckIsAdmin(*caller, what);
  if (!s.ok()) return s;
  return caller;
}

storage::RequestKey RequestKeyOf(absl::string_view method,
                                 const google::protobuf::Message& request,
                                 const std::string& request_id,
                                 const core::Principal& caller) {
  if (request_id.empty()) return {};
  return {HashSecret(absl::StrCat(caller.name, "\n", request_id)),
          HashSecret(absl::StrCat(method, "\n", request.SerializeAsString()))};
}

absl::StatusOr<absl::Time> OccurredAt(const v1::WriteOptions& write,
                                      const core::Principal& caller,
                                      absl::Time now,
                                      const TimePolicy& policy) {
  absl::StatusOr<std::optional<absl::Time>> given = FromProto(
      write.occurred_at(), write.has_occurred_at(), "write.occurred_at");
  if (!given.ok()) return given.status();
  if (!given->has_value()) return now;
  const absl::Time at = **given;
  if (at > now + policy.clock_skew) {
    return absl::InvalidArgumentError(absl::StrCat(
        "write.occurred_at ", absl::FormatTime(at),
        " is in the future (the service's clock reads ",
        absl::FormatTime(now), ")"));
  }
  if (caller.role == core::Role::kDesk && at < now - policy.desk_backdating) {
    return absl::PermissionDeniedError(absl::StrCat(
        "a DESK token may back-date events by at most ",
        absl::FormatDuration(policy.desk_backdating),
        "; write.occurred_at is ", absl::FormatTime(at)));
  }
  return at;
}

}  // namespace motcua::server

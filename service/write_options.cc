#include "service/write_options.h"

#include "absl/strings/str_cat.h"
#include "service/tokens.h"

namespace motcua::service {

absl::Status ValidateWriteOptions(const WriteOptions& write) {
  if (write.request_id.size() > 128) {
    return absl::InvalidArgumentError(
        "write.request_id must have at most 128 bytes");
  }
  if (write.note.size() > 2000) {
    return absl::InvalidArgumentError("write.note must have at most 2000 bytes");
  }
  return absl::OkStatus();
}

storage::RequestKey RequestKeyOf(absl::string_view method,
                                 const WriteOptions& write,
                                 const core::Principal& caller) {
  if (write.request_id.empty()) return {};
  return {HashSecret(absl::StrCat(caller.name, "\n", write.request_id)),
          HashSecret(absl::StrCat(method, "\n", write.request_bytes))};
}

absl::StatusOr<absl::Time> OccurredAt(const WriteOptions& write,
                                      const core::Principal& caller,
                                      absl::Time now,
                                      const TimePolicy& policy) {
  if (!write.occurred_at.has_value()) return now;
  const absl::Time at = *write.occurred_at;
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

}  // namespace motcua::service

#include "service/write_options.h"

#include "absl/strings/str_cat.h"
#include "core/text.h"
#include "service/tokens.h"

namespace motcua::service {

absl::Status ValidateWriteOptions(const WriteOptions& write) {
  if (write.request_id.size() > 128) {
    return absl::InvalidArgumentError(
        "write.request_id must have at most 128 bytes");
  }
  return core::ValidateText(write.note, "write.note", kMaxNoteBytes,
                            /*multiline=*/true);
}

storage::RequestKey RequestKeyOf(absl::string_view method,
                                 const WriteOptions& write,
                                 const core::Principal& caller) {
  if (write.request_id.empty()) return {};
  // Keyed by the token (by the principal's name for callers without one,
  // such as the bulk generator): another token of the same principal, a
  // re-issued one included, can neither replay nor block this one's ids.
  const std::string& owner =
      caller.token_id.empty() ? caller.name : caller.token_id;
  return {HashSecret(absl::StrCat(owner, "\n", write.request_id)),
          HashSecret(absl::StrCat(method, "\n", write.request_bytes))};
}

absl::StatusOr<absl::Time> OccurredAt(const WriteOptions& write,
                                      const core::Principal& caller,
                                      absl::Time now,
                                      const TimePolicy& policy) {
  if (!write.occurred_at.has_value()) return now;
  const absl::Time at = *write.occurred_at;
  if (at > now + policy.clock_skew) {
    return absl::InvalidArgumentError(
        absl::StrCat("write.occurred_at ", absl::FormatTime(at),
                     " is in the future (the service's clock reads ",
                     absl::FormatTime(now), ")"));
  }
  if (caller.role == core::Role::kDesk && at < now - policy.desk_backdating) {
    return absl::PermissionDeniedError(
        absl::StrCat("a DESK token may back-date events by at most ",
                     absl::FormatDuration(policy.desk_backdating),
                     "; write.occurred_at is ", absl::FormatTime(at)));
  }
  return at;
}

}  // namespace motcua::service

// What every write carries besides its own fields: its idempotency key, a
// note, and when its event happened (the offline-desk rules).
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "storage/store.h"

namespace motcua::service {

// The longest note an event may carry (live writes and imports alike).
inline constexpr size_t kMaxNoteBytes = 2000;

struct WriteOptions {
  // The caller's id for this request (AIP-155); empty: not idempotent.
  std::string request_id;
  // The request as the transport received it, in any encoding that is the
  // same for the same request (gRPC: the serialized message). Only its
  // digest is kept: a reused request_id with another request is refused.
  std::string request_bytes;
  std::string note;                       // recorded in the event
  std::optional<absl::Time> occurred_at;  // unset: now
};

// Limits on the instants callers may give.
struct TimePolicy {
  absl::Duration clock_skew = absl::Minutes(2);  // how far in the future
  absl::Duration desk_backdating = absl::Hours(24 * 7);
};

// InvalidArgument naming the field when request_id or note is too long, or
// the note holds control characters other than newlines and tabs.
absl::Status ValidateWriteOptions(const WriteOptions& write);

// The idempotency key of a write: the caller's request_id, namespaced by
// the caller's token (one token can neither replay nor block another's
// ids), and a digest of the method and the whole request, so a reused id
// with another request is refused.
storage::RequestKey RequestKeyOf(absl::string_view method,
                                 const WriteOptions& write,
                                 const core::Principal& caller);

// The instant a write's event happened: `occurred_at`, or `now` when unset.
// InvalidArgument if it is further in the future than the skew allows;
// PermissionDenied if a DESK token back-dates beyond its window (IMPORT and
// ADMIN may give any past instant).
absl::StatusOr<absl::Time> OccurredAt(const WriteOptions& write,
                                      const core::Principal& caller,
                                      absl::Time now, const TimePolicy& policy);

}  // namespace motcua::service

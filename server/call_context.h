// What every handler needs from a call: the authenticated principal, the
// request's idempotency key and the instant its event happened. The one
// place that reads credentials (gRPC 1.51 interceptors cannot reject a
// call), called first by every handler.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "motcua/v1/dossier_service.pb.h"
#include "storage/store.h"

namespace motcua::server {

// Limits on the instants callers may give (the offline-desk rules).
struct TimePolicy {
  absl::Duration clock_skew = absl::Minutes(2);  // how far in the future
  absl::Duration desk_backdating = absl::Hours(24 * 7);
};

// The principal of the call's "authorization" metadata (see Authenticate).
absl::StatusOr<core::Principal> CallerOf(
    const grpc::CallbackServerContext& context, storage::Store& store);

// The caller, who must be an administrator to do `what` (PermissionDenied
// naming it otherwise).
absl::StatusOr<core::Principal> AdminCaller(
    const grpc::CallbackServerContext& context, storage::Store& store,
    absl::string_view what);

// The idempotency key of a write: the caller's request_id, namespaced by
// the caller's principal (one token can neither replay nor block another's
// ids), and a digest of the method and the whole request, so a reused id
// with another request is refused.
storage::RequestKey RequestKeyOf(absl::string_view method,
                                 const google::protobuf::Message& request,
                                 const std::string& request_id,
                                 const core::Principal& caller);

// The instant a write's event happened: `occurred_at`, or `now` when unset.
// InvalidArgument if it is further in the future than the skew allows;
// PermissionDenied if a DESK token back-dates beyond its window (IMPORT and
// ADMIN may give any past instant).
absl::StatusOr<absl::Time> OccurredAt(const v1::WriteOptions& write,
                                      const core::Principal& caller,
                                      absl::Time now, const TimePolicy& policy);

}  // namespace motcua::server

// API tokens: generating secrets, hashing them for storage, and turning an
// "authorization: Bearer <secret>" header into the token's principal.
// Secrets are never logged or stored; only their SHA-256 is.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "storage/store.h"

namespace motcua::service {

// A new token: its public id, its secret (shown once), and the record to
// store (holding only the secret's hash).
struct NewToken {
  std::string secret;
  storage::StoredToken stored;
};

// Makes a token for `principal` from the system's secure random source.
// Internal if no randomness is available.
absl::StatusOr<NewToken> GenerateToken(const core::Principal& principal,
                                       absl::Time now);

// Hex SHA-256 of a secret: what the store keys tokens by.
std::string HashSecret(absl::string_view secret);

// `n` bytes from OpenSSL's secure random source; Internal when it has none.
absl::StatusOr<std::string> RandomBytes(int n);

// The principal of the token in `authorization` ("Bearer <secret>").
// Unauthenticated, with a message naming the cause (missing header, not a
// bearer token, unknown or revoked token) and never the secret.
absl::StatusOr<core::Principal> Authenticate(storage::Store& store,
                                             absl::string_view authorization);

}  // namespace motcua::service

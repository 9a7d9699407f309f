#include "service/tokens.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace motcua::service {
namespace {

constexpr absl::string_view kBearer = "Bearer ";

}  // namespace

absl::StatusOr<std::string> RandomBytes(int n) {
  std::string bytes(static_cast<size_t>(n), '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), n) != 1) {
    return absl::InternalError("no secure random source for secrets");
  }
  return bytes;
}

std::string HashSecret(absl::string_view secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(secret.data(), secret.size(), digest, &length, EVP_sha256(),
             nullptr);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), length));
}

absl::StatusOr<NewToken> GenerateToken(const core::Principal& principal,
                                       absl::Time now) {
  MOTCUA_ASSIGN_OR_RETURN(std::string secret_bytes, RandomBytes(32));
  MOTCUA_ASSIGN_OR_RETURN(std::string id_bytes, RandomBytes(8));
  NewToken token;
  token.secret = absl::StrCat("mc_", absl::WebSafeBase64Escape(secret_bytes));
  token.stored.id = absl::StrCat("tok_", absl::BytesToHexString(id_bytes));
  token.stored.secret_hash = HashSecret(token.secret);
  token.stored.principal = principal;
  token.stored.created_at = now;
  return token;
}

absl::StatusOr<core::Principal> Authenticate(storage::Store& store,
                                             absl::string_view authorization) {
  if (authorization.empty()) {
    return absl::UnauthenticatedError(
        "missing 'authorization: Bearer <token>' metadata");
  }
  if (!absl::StartsWith(authorization, kBearer) ||
      authorization.size() == kBearer.size()) {
    return absl::UnauthenticatedError(
        "the authorization metadata is not 'Bearer <token>'");
  }
  absl::StatusOr<storage::StoredToken> token =
      store.FindTokenByHash(HashSecret(authorization.substr(kBearer.size())));
  if (absl::IsNotFound(token.status())) {
    return absl::UnauthenticatedError("the token is not known");
  }
  if (!token.ok()) return token.status();
  if (token->revoked_at.has_value()) {
    return absl::UnauthenticatedError(
        absl::StrCat("token ", token->id, " has been revoked"));
  }
  core::Principal principal = std::move(token->principal);
  principal.token_id = token->id;
  return principal;
}

}  // namespace motcua::service

// The RocksDB engine: API tokens (default column family, by secret hash,
// with an id -> hash entry for revocation).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "storage/keys.h"
#include "storage/record_codec.h"
#include "storage/rocksdb_store_impl.h"

namespace motcua::storage {

absl::Status RocksDbStore::PutToken(const StoredToken& token) {
  if (token.id.empty() || token.secret_hash.empty()) {
    return absl::InvalidArgumentError("a token needs an id and a secret hash");
  }
  absl::MutexLock lock(&tokens_mutex_);
  for (const std::string& key :
       {keys::TokenKey(token.secret_hash), keys::TokenIdKey(token.id)}) {
    absl::StatusOr<std::string> existing = Get(kDefault, key, "token");
    if (existing.ok()) {
      return absl::AlreadyExistsError("a token with this id or secret exists");
    }
    if (!absl::IsNotFound(existing.status())) return existing.status();
  }
  rocksdb::WriteBatch batch;
  batch.Put(cf(kDefault), keys::TokenKey(token.secret_hash),
            Serialize(ToRecord(token)));
  batch.Put(cf(kDefault), keys::TokenIdKey(token.id), token.secret_hash);
  return Write(&batch);
}

absl::StatusOr<StoredToken> RocksDbStore::FindTokenByHash(
    const std::string& secret_hash) {
  MOTCUA_ASSIGN_OR_RETURN(const std::string bytes,
                          Get(kDefault, keys::TokenKey(secret_hash), "token"));
  MOTCUA_ASSIGN_OR_RETURN(const records::Token record,
                          Parse<records::Token>(bytes, "token"));
  return FromRecord(record);
}

absl::StatusOr<std::vector<StoredToken>> RocksDbStore::ListTokens() {
  std::vector<StoredToken> tokens;
  MOTCUA_RETURN_IF_ERROR(ScanPrefix(
      kDefault, keys::TokenPrefix(),
      [&](absl::string_view, absl::string_view value) -> absl::Status {
        MOTCUA_ASSIGN_OR_RETURN(const records::Token record,
                                Parse<records::Token>(value, "token"));
        tokens.push_back(FromRecord(record));
        return absl::OkStatus();
      }));
  std::sort(
      tokens.begin(), tokens.end(),
      [](const StoredToken& a, const StoredToken& b) { return a.id < b.id; });
  return tokens;
}

absl::StatusOr<StoredToken> RocksDbStore::RevokeToken(const std::string& id,
                                                      absl::Time at) {
  absl::MutexLock lock(&tokens_mutex_);
  MOTCUA_ASSIGN_OR_RETURN(
      const std::string hash,
      Get(kDefault, keys::TokenIdKey(id), absl::StrCat("token '", id, "'")));
  MOTCUA_ASSIGN_OR_RETURN(StoredToken token, FindTokenByHash(hash));
  if (token.revoked_at.has_value()) return token;
  token.revoked_at = at;
  rocksdb::WriteBatch batch;
  batch.Put(cf(kDefault), keys::TokenKey(hash), Serialize(ToRecord(token)));
  MOTCUA_RETURN_IF_ERROR(Write(&batch));
  return token;
}

}  // namespace motcua::storage

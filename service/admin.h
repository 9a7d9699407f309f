// The administration operations of the API: tokens, the store's
// self-check and its online backups. ADMIN only.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "core/access.h"
#include "service/catalogue_state.h"
#include "storage/store.h"

namespace motcua::service {

struct CreatedToken {
  storage::StoredToken token;
  std::string secret;  // shown once, never stored
};

// The last Verify this process ran, for monitoring.
struct VerifyOutcome {
  absl::Time finished_at;
  // Differences of every kind it found (before a repair, if one was asked).
  int64_t differences = 0;
  bool repaired = false;
};

class Admin {
 public:
  Admin(storage::Store& store, CatalogueState& catalogue,
        std::function<absl::Time()> clock);

  // A new token for `principal`, validated per role: a DESK token serves at
  // least one agency the catalogue knows; VIEWER and BATCH a unit the
  // catalogue knows at that level, or the deployment; the principal's name
  // has 1 to 100 printable bytes.
  absl::StatusOr<CreatedToken> CreateToken(const core::Principal& caller,
                                           const core::Principal& principal);
  absl::StatusOr<std::vector<storage::StoredToken>> ListTokens(
      const core::Principal& caller);
  // NotFound for an unknown id; revoking twice keeps the first instant.
  absl::StatusOr<storage::StoredToken> RevokeToken(
      const core::Principal& caller, const std::string& id);
  // Recounts the store; with `repair`, rewrites what differs.
  absl::StatusOr<storage::VerifyReport> Verify(const core::Principal& caller,
                                               bool repair);
  // The last Verify that completed since this process started; nullopt
  // before the first.
  std::optional<VerifyOutcome> last_verify() const;

  // Online backups into a folder on the server's machine, while writes go
  // on; the folder rules and errors are Store::Backup's (store.h): an
  // absolute path apart from the store's folder, every message naming it.
  // Each backup holds every write acknowledged before the call began.
  absl::StatusOr<storage::NewBackup> Backup(const core::Principal& caller,
                                            const std::string& folder);
  // The folder's backups, ascending by id; NotFound for a missing folder.
  absl::StatusOr<std::vector<storage::BackupInfo>> ListBackups(
      const core::Principal& caller, const std::string& folder);
  // Keeps the newest `keep` (at least 1) backups of the folder.
  absl::StatusOr<storage::PrunedBackups> PruneBackups(
      const core::Principal& caller, const std::string& folder, int keep);

 private:
  storage::Store& store_;
  CatalogueState& catalogue_;
  std::function<absl::Time()> clock_;
  mutable absl::Mutex verify_mutex_;
  std::optional<VerifyOutcome> last_verify_ ABSL_GUARDED_BY(verify_mutex_);
};

}  // namespace motcua::service

// Signed-in browser sessions of the web dashboard: a random session id (the
// value of the dashboard's cookie) stands for the token an official signed
// in with, so that the token never stays in the page.
//
// Why a small table in memory: the token behind a session is authenticated
// again on every request (Application::Authenticate), so revoking the token
// ends its sessions at once and the table decides nothing about access; a
// restart signs everyone out, which a dashboard can afford, and no session
// secret ever reaches the disk. The table holds SHA-256 hashes of session
// ids, not the ids. Bounded in number (when full, the session nearest its
// end gives way: only a caller with a valid token can start one) and in
// time (a working day at most, and half an hour without a request).
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace motcua::service {

struct SessionOptions {
  size_t max_sessions = 1000;  // a province's officials, many times
  absl::Duration lifetime = absl::Hours(8);  // from sign-in
  absl::Duration idle = absl::Minutes(30);   // since the last request
};

class Sessions {
 public:
  explicit Sessions(
      SessionOptions options = SessionOptions(),
      std::function<absl::Time()> clock = [] { return absl::Now(); });

  struct Started {
    std::string id;      // 43 URL-safe characters (32 random bytes)
    absl::Time expires;  // sign-in plus the lifetime
  };
  // A new session standing for `token` (which the caller has authenticated).
  // Internal when there is no secure random source.
  absl::StatusOr<Started> Start(std::string token);

  // The token of live session `id`, which counts as a request (resets the
  // idle time); nullopt when the id is unknown, ended or expired.
  std::optional<std::string> TokenOf(absl::string_view id);

  // Ends session `id` (nothing when it is unknown).
  void End(absl::string_view id);

  // Live sessions (expired ones not yet swept included).
  size_t size();

 private:
  struct Session {
    std::string token;
    absl::Time expires;    // absolute end
    absl::Time last_used;  // idle end is last_used + idle
  };
  bool Live(const Session& s, absl::Time now) const;
  void SweepLocked(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const SessionOptions options_;
  const std::function<absl::Time()> clock_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Session> by_hash_ ABSL_GUARDED_BY(mu_);
};

}  // namespace motcua::service

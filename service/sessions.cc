#include "service/sessions.h"

#include <utility>

#include "absl/strings/escaping.h"
#include "core/status_macros.h"
#include "service/tokens.h"

namespace motcua::service {

Sessions::Sessions(SessionOptions options, std::function<absl::Time()> clock)
    : options_(options), clock_(std::move(clock)) {}

bool Sessions::Live(const Session& s, absl::Time now) const {
  return now < s.expires && now < s.last_used + options_.idle;
}

void Sessions::SweepLocked(absl::Time now) {
  for (auto it = by_hash_.begin(); it != by_hash_.end();) {
    if (Live(it->second, now)) {
      ++it;
    } else {
      by_hash_.erase(it++);
    }
  }
}

absl::StatusOr<Sessions::Started> Sessions::Start(std::string token) {
  MOTCUA_ASSIGN_OR_RETURN(const std::string bytes, RandomBytes(32));
  Started started;
  started.id = absl::WebSafeBase64Escape(bytes);
  const absl::Time now = clock_();
  started.expires = now + options_.lifetime;
  absl::MutexLock lock(&mu_);
  if (by_hash_.size() >= options_.max_sessions) SweepLocked(now);
  if (by_hash_.size() >= options_.max_sessions && !by_hash_.empty()) {
    auto nearest = by_hash_.begin();
    for (auto it = by_hash_.begin(); it != by_hash_.end(); ++it) {
      if (it->second.expires < nearest->second.expires) nearest = it;
    }
    by_hash_.erase(nearest);
  }
  by_hash_[HashSecret(started.id)] =
      Session{std::move(token), started.expires, now};
  return started;
}

std::optional<std::string> Sessions::TokenOf(absl::string_view id) {
  const std::string hash = HashSecret(id);
  const absl::Time now = clock_();
  absl::MutexLock lock(&mu_);
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) return std::nullopt;
  if (!Live(it->second, now)) {
    by_hash_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second.token;
}

void Sessions::End(absl::string_view id) {
  const std::string hash = HashSecret(id);
  absl::MutexLock lock(&mu_);
  by_hash_.erase(hash);
}

size_t Sessions::size() {
  absl::MutexLock lock(&mu_);
  return by_hash_.size();
}

}  // namespace motcua::service

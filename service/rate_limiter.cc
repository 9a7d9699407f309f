#include "service/rate_limiter.h"

#include <algorithm>

namespace motcua::service {

RateLimiter::RateLimiter(Limit limit, size_t max_keys,
                         std::function<absl::Time()> clock)
    : limit_(limit),
      max_keys_(std::max<size_t>(1, max_keys)),
      clock_(std::move(clock)) {}

void RateLimiter::Refill(Bucket& b, absl::Time now) const {
  const double elapsed = absl::ToDoubleSeconds(now - b.updated);
  if (elapsed > 0) {
    b.tokens = std::min(limit_.burst, b.tokens + elapsed * limit_.per_second);
    b.updated = now;
  }
}

void RateLimiter::Evict(absl::Time now) {
  // Full buckets carry no memory of anyone: drop them all first.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    Refill(it->second, now);
    it = it->second.tokens >= limit_.burst ? buckets_.erase(it) : std::next(it);
  }
  if (buckets_.size() < max_keys_) return;
  // Still full (a flood of new keys): forget half at once, so that the scan
  // above runs once per max_keys / 2 new keys, not for every one.
  auto it = buckets_.begin();
  for (size_t n = buckets_.size() / 2; n > 0; --n) it = buckets_.erase(it);
}

bool RateLimiter::TryTake(absl::string_view key) {
  const absl::Time now = clock_();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_keys_) Evict(now);
    it = buckets_.emplace(std::string(key), Bucket{limit_.burst, now}).first;
  }
  Refill(it->second, now);
  if (it->second.tokens < 1) return false;
  it->second.tokens -= 1;
  return true;
}

void RateLimiter::GiveBack(absl::string_view key) {
  const absl::Time now = clock_();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return;
  Refill(it->second, now);
  it->second.tokens = std::min(limit_.burst, it->second.tokens + 1);
}

absl::Duration RateLimiter::Wait(absl::string_view key) {
  const absl::Time now = clock_();
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) return absl::ZeroDuration();
  Refill(it->second, now);
  if (it->second.tokens >= 1) return absl::ZeroDuration();
  return absl::Seconds((1 - it->second.tokens) / limit_.per_second);
}

size_t RateLimiter::tracked() {
  std::lock_guard<std::mutex> lock(mutex_);
  return buckets_.size();
}

}  // namespace motcua::service

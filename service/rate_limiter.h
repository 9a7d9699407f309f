// Token buckets keyed by a string (a client address, a dossier code): each
// key may take `burst` tokens at once and gets `per_second` back over time.
// Thread-safe; holds at most `max_keys` buckets: when full it forgets the
// buckets that have refilled, then, under a flood of new keys, half of the
// rest, so memory and the cost per key stay bounded.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace motcua::service {

class RateLimiter {
 public:
  struct Limit {
    double per_second = 1;
    double burst = 10;
  };

  RateLimiter(
      Limit limit, size_t max_keys,
      std::function<absl::Time()> clock = [] { return absl::Now(); });

  // Takes a token from `key`'s bucket: true when there was one.
  bool TryTake(absl::string_view key);

  // Gives back a token TryTake took from `key` for a call that was then
  // refused for another reason (never beyond the burst; nothing when the
  // key was forgotten meanwhile).
  void GiveBack(absl::string_view key);

  // How long until `key` has a token again (zero when it has one).
  absl::Duration Wait(absl::string_view key);

  // The keys held now (at most max_keys).
  size_t tracked();

 private:
  struct Bucket {
    double tokens;
    absl::Time updated;
  };
  // Refills `b` up to now.
  void Refill(Bucket& b, absl::Time now) const;
  // Makes room for one more key.
  void Evict(absl::Time now);

  const Limit limit_;
  const size_t max_keys_;
  const std::function<absl::Time()> clock_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace motcua::service

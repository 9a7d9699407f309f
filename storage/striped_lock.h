// A fixed array of mutexes chosen by key hash: writes to one key are
// serialised, writes to different keys rarely contend, and memory does not
// grow with the number of keys. Internal to storage/.
//
// For clang's thread-safety analysis a StripedLock is one capability:
// holding any of its stripes counts as holding it. So an order between
// StripedLocks and other mutexes, declared with ABSL_ACQUIRED_AFTER on the
// members that hold them, is checked at compile time (-Wthread-safety
// -Wthread-safety-beta), and functions can require one to be held.
#pragma once

#include <array>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"

namespace motcua::storage {

class ABSL_LOCKABLE StripedLock {
 public:
  // Holds stripes of a StripedLock until destroyed or released.
  class ABSL_SCOPED_LOCKABLE Hold {
   public:
    // Locks the stripe of `key`.
    Hold(StripedLock* lock, absl::string_view key)
        ABSL_EXCLUSIVE_LOCK_FUNCTION(lock) {
      std::mutex& stripe = lock->stripes_[StripeOf(key)];
      stripe.lock();
      held_.push_back(&stripe);
    }
    // Locks the stripe of every key, each once, in stripe order, so that
    // two holders of overlapping sets never deadlock. With no keys it locks
    // nothing, yet counts as held for the analysis.
    Hold(StripedLock* lock, const std::vector<std::string>& keys)
        ABSL_EXCLUSIVE_LOCK_FUNCTION(lock) {
      std::set<size_t> stripes;
      for (const std::string& key : keys) stripes.insert(StripeOf(key));
      Lock(lock, stripes);
    }
    ~Hold() ABSL_UNLOCK_FUNCTION() { Release(); }
    Hold(const Hold&) = delete;
    Hold& operator=(const Hold&) = delete;

    // Unlocks before the end of the scope.
    void Release() ABSL_UNLOCK_FUNCTION() {
      for (auto it = held_.rbegin(); it != held_.rend(); ++it) (*it)->unlock();
      held_.clear();
    }

   private:
    void Lock(StripedLock* lock, const std::set<size_t>& stripes) {
      held_.reserve(stripes.size());
      for (size_t s : stripes) {
        lock->stripes_[s].lock();
        held_.push_back(&lock->stripes_[s]);
      }
    }

    std::vector<std::mutex*> held_;
  };

 private:
  static size_t StripeOf(absl::string_view key) {
    // Debian's absl::string_view is not std::string_view: hash the latter.
    return std::hash<std::string_view>{}(
               std::string_view(key.data(), key.size())) %
           kStripes;
  }

  static constexpr size_t kStripes = 1024;
  std::array<std::mutex, kStripes> stripes_;
};

}  // namespace motcua::storage

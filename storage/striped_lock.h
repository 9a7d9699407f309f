// A fixed array of mutexes chosen by key hash: writes to one key are
// serialised, writes to different keys rarely contend, and memory does not
// grow with the number of keys. Internal to storage/.
#pragma once

#include <array>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"

namespace motcua::storage {

class StripedLock {
 public:
  std::mutex& For(absl::string_view key) { return stripes_[StripeOf(key)]; }

  // Locks the stripes of every key, each once, in stripe order, so that
  // two callers locking overlapping sets never deadlock.
  template <typename Keys>
  std::vector<std::unique_lock<std::mutex>> LockAll(const Keys& keys) {
    std::set<size_t> stripes;
    for (const auto& key : keys) stripes.insert(StripeOf(key));
    std::vector<std::unique_lock<std::mutex>> locks;
    locks.reserve(stripes.size());
    for (size_t s : stripes) locks.emplace_back(stripes_[s]);
    return locks;
  }

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

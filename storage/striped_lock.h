// A fixed array of mutexes chosen by key hash: writes to one key are
// serialised, writes to different keys rarely contend, and memory does not
// grow with the number of keys. Internal to storage/.
#pragma once

#include <array>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace motcua::storage {

class StripedLock {
 public:
  std::mutex& For(absl::string_view key) {
    // Debian's absl::string_view is not std::string_view: hash the latter.
    return stripes_[std::hash<std::string_view>{}(
                        std::string_view(key.data(), key.size())) %
                    kStripes];
  }

 private:
  static constexpr size_t kStripes = 1024;
  std::array<std::mutex, kStripes> stripes_;
};

}  // namespace motcua::storage

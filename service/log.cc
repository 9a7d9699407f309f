#include "service/log.h"

#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/rate_limiter.h"

namespace motcua::service {

void Log(LogLevel level, absl::string_view message) {
  static std::mutex mutex;
  const char tag = level == LogLevel::kInfo      ? 'I'
                   : level == LogLevel::kWarning ? 'W'
                                                 : 'E';
  // One event per line: newlines inside a message would split it.
  std::string line =
      absl::StrCat(std::string(1, tag), " ",
                   absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                    absl::UTCTimeZone()),
                   " ", message);
  for (char& c : line) {
    // Control characters could forge lines or drive a terminal.
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  std::lock_guard<std::mutex> lock(mutex);
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

void LogLimited(LogLevel level, absl::string_view kind,
                absl::string_view message) {
  // Five lines a second per kind, in bursts of twenty: a flood of refused
  // calls shows in the log without filling the disk.
  static RateLimiter limiter({5, 20}, 64);
  static std::mutex mutex;
  static std::map<std::string, int64_t, std::less<>> suppressed;
  int64_t before = 0;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (!limiter.TryTake(kind)) {
      ++suppressed[std::string(kind)];
      return;
    }
    auto it = suppressed.find(kind);
    if (it != suppressed.end()) {
      before = it->second;
      suppressed.erase(it);
    }
  }
  if (before == 0) {
    Log(level, message);
  } else {
    Log(level, absl::StrCat(message, " (", before, " similar lines of kind '",
                            kind, "' were not logged before this one)"));
  }
}

}  // namespace motcua::service

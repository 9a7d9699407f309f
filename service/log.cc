#include "service/log.h"

#include <cstdio>
#include <mutex>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace motcua::service {

void Log(LogLevel level, absl::string_view message) {
  static std::mutex mutex;
  const char tag = level == LogLevel::kInfo      ? 'I'
                   : level == LogLevel::kWarning ? 'W'
                                                 : 'E';
  // One event per line: newlines inside a message would split it.
  std::string line = absl::StrCat(
      std::string(1, tag), " ",
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()),
      " ", message);
  for (char& c : line) {
    if (c == '\n') c = ' ';
  }
  std::lock_guard<std::mutex> lock(mutex);
  std::fprintf(stderr, "%s\n", line.c_str());
  std::fflush(stderr);
}

}  // namespace motcua::service

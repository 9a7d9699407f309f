// This process's resources as the kernel reports them (/proc/self), for the
// process_* metrics. Linux only.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace motcua::server {

struct ProcessStats {
  int64_t resident_bytes = 0;
  int64_t virtual_bytes = 0;
  int64_t threads = 0;
  int64_t open_fds = 0;
  int64_t max_fds = 0;     // the soft limit (RLIMIT_NOFILE)
  double cpu_seconds = 0;  // user + system
  absl::Time start_time;
};

// Reads /proc/self/stat, /proc/stat (boot time) and /proc/self/fd: a few
// small reads. Internal when one cannot be read or parsed.
absl::StatusOr<ProcessStats> ReadProcessStats();

}  // namespace motcua::server

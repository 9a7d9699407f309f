#include "server/process_stats.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace motcua::server {
namespace {

absl::StatusOr<std::string> ReadProcFile(const char* path) {
  std::ifstream in(path);
  if (!in) return absl::InternalError(std::string("cannot read ") + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<ProcessStats> ReadProcessStats() {
  absl::StatusOr<std::string> stat = ReadProcFile("/proc/self/stat");
  if (!stat.ok()) return stat.status();
  // The command name (field 2) may hold spaces and parentheses: fields are
  // counted after its closing one, from field 3 (state) on.
  const size_t close = stat->rfind(')');
  if (close == std::string::npos) {
    return absl::InternalError("cannot parse /proc/self/stat");
  }
  const std::vector<absl::string_view> f =
      absl::StrSplit(absl::string_view(*stat).substr(close + 2), ' ');
  // Index i holds field i + 3 of proc(5).
  auto field = [&](int number, int64_t* out) {
    const size_t i = static_cast<size_t>(number - 3);
    return i < f.size() && absl::SimpleAtoi(f[i], out);
  };
  int64_t utime = 0, stime = 0, threads = 0, start_ticks = 0, vsize = 0,
          rss_pages = 0;
  if (!field(14, &utime) || !field(15, &stime) || !field(20, &threads) ||
      !field(22, &start_ticks) || !field(23, &vsize) ||
      !field(24, &rss_pages)) {
    return absl::InternalError("cannot parse /proc/self/stat");
  }
  absl::StatusOr<std::string> system = ReadProcFile("/proc/stat");
  if (!system.ok()) return system.status();
  int64_t boot_time = -1;
  for (absl::string_view line : absl::StrSplit(*system, '\n')) {
    if (absl::ConsumePrefix(&line, "btime ")) {
      if (!absl::SimpleAtoi(line, &boot_time)) boot_time = -1;
      break;
    }
  }
  if (boot_time < 0) return absl::InternalError("no btime in /proc/stat");

  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  ProcessStats s;
  s.resident_bytes = rss_pages * sysconf(_SC_PAGESIZE);
  s.virtual_bytes = vsize;
  s.threads = threads;
  s.cpu_seconds = static_cast<double>(utime + stime) / ticks;
  s.start_time = absl::FromUnixSeconds(boot_time) +
                 absl::Seconds(static_cast<double>(start_ticks) / ticks);
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    s.max_fds = static_cast<int64_t>(limit.rlim_cur);
  }
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return absl::InternalError("cannot list /proc/self/fd");
  while (const dirent* entry = readdir(fds)) {
    if (entry->d_name[0] != '.') ++s.open_fds;
  }
  closedir(fds);
  --s.open_fds;  // the listing's own descriptor
  return s;
}

}  // namespace motcua::server

#include "server/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace motcua::server {
namespace {

// Method names can come from clients (an unknown method) and principal names
// from administrators: neither may forge a field or a line.
void AppendEscaped(absl::string_view text, std::string* out) {
  for (const char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '%') {
      absl::StrAppendFormat(out, "%%%02X", u);
    } else {
      out->push_back(c);
    }
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<AccessLog>> AccessLog::Open(
    const std::string& where) {
  if (where == "off") return std::unique_ptr<AccessLog>();
  if (where.empty() || where == "stderr") {
    return std::unique_ptr<AccessLog>(new AccessLog(STDERR_FILENO, false));
  }
  const int fd =
      open(where.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
  if (fd < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot open the access log ", where, ": ", std::strerror(errno)));
  }
  return std::unique_ptr<AccessLog>(new AccessLog(fd, true));
}

AccessLog::~AccessLog() {
  if (owned_) close(fd_);
}

std::string AccessLog::Format(const AccessRecord& r) {
  std::string line = absl::StrCat(
      "A ", absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", r.at, absl::UTCTimeZone()),
      " ");
  AppendEscaped(r.method, &line);
  line += " principal=";
  if (r.principal.empty()) {
    line += "-";
  } else {
    AppendEscaped(r.principal, &line);
  }
  line += " code=";
  AppendEscaped(r.code, &line);
  absl::StrAppendFormat(&line, " latency_ms=%.3f bytes_in=",
                        absl::ToDoubleMilliseconds(r.latency));
  if (r.bytes_in.has_value()) {
    absl::StrAppend(&line, *r.bytes_in);
  } else {
    line += "-";
  }
  absl::StrAppend(&line, " bytes_out=", r.bytes_out, "\n");
  return line;
}

void AccessLog::Write(const AccessRecord& record) {
  const std::string line = Format(record);
  // A short write (a full disk) loses the rest of the line: calls are not
  // held up for the log.
  const ssize_t written = ::write(fd_, line.data(), line.size());
  (void)written;
}

}  // namespace motcua::server

#include "client/acknowledged_writes.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace motcua::client {

std::string FormatAcknowledgedWrite(const AcknowledgedWrite& write) {
  return absl::StrCat(write.rpc, "\t", write.code, "\t", write.version, "\t",
                      v1::DossierStatus_Name(write.status), "\t",
                      write.request_id, "\n");
}

absl::StatusOr<AcknowledgedWrite> ParseAcknowledgedWrite(
    absl::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  const std::vector<absl::string_view> parts = absl::StrSplit(line, '\t');
  AcknowledgedWrite write;
  if (parts.size() != 5 || parts[0].empty() || parts[1].empty() ||
      !absl::SimpleAtoi(parts[2], &write.version) || write.version < 1 ||
      !v1::DossierStatus_Parse(std::string(parts[3]), &write.status)) {
    return absl::InvalidArgumentError(
        absl::StrCat("not an acknowledged-write line: '", line, "'"));
  }
  write.rpc = std::string(parts[0]);
  write.code = std::string(parts[1]);
  write.request_id = std::string(parts[4]);
  return write;
}

absl::StatusOr<std::vector<AcknowledgedWrite>> ReadAcknowledgedWrites(
    const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  const std::string bytes((std::istreambuf_iterator<char>(in)),
                          std::istreambuf_iterator<char>());
  std::vector<AcknowledgedWrite> writes;
  size_t from = 0;
  for (size_t end; (end = bytes.find('\n', from)) != std::string::npos;
       from = end + 1) {
    absl::StatusOr<AcknowledgedWrite> write = ParseAcknowledgedWrite(
        absl::string_view(bytes).substr(from, end - from));
    if (!write.ok()) {
      return absl::DataLossError(
          absl::StrCat(path, ": ", write.status().message()));
    }
    writes.push_back(*std::move(write));
  }
  return writes;
}

absl::StatusOr<std::unique_ptr<AcknowledgedWritesLog>>
AcknowledgedWritesLog::Open(const std::string& path) {
  const int fd =
      open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  return std::unique_ptr<AcknowledgedWritesLog>(new AcknowledgedWritesLog(fd));
}

AcknowledgedWritesLog::~AcknowledgedWritesLog() { close(fd_); }

absl::Status AcknowledgedWritesLog::Record(const AcknowledgedWrite& write) {
  const std::string line = FormatAcknowledgedWrite(write);
  std::lock_guard<std::mutex> lock(mutex_);
  size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      return absl::DataLossError(absl::StrCat(
          "cannot record an acknowledged write: ", std::strerror(errno)));
    }
    done += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

}  // namespace motcua::client

// The access log: one line per call, for operators. It names the call, the
// caller's principal, the outcome and the sizes, never a token or anything
// from the messages (personal data stays out).
//
//   A 2026-11-22T09:00:00.123Z /motcua.v1.DossierService/ReceiveDossier
//     principal=desk-bac-ha code=OK latency_ms=1.234 bytes_in=120 bytes_out=310
// (one line; "principal=-" before authentication, "bytes_in=-" where the
// request size is not known).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace motcua::server {

struct AccessRecord {
  absl::Time at;                // when the call ended
  absl::string_view method;     // "/package.Service/Method"
  absl::string_view principal;  // empty: not authenticated
  absl::string_view code;       // canonical name: "OK", "NOT_FOUND"...
  absl::Duration latency;
  std::optional<int64_t> bytes_in;
  int64_t bytes_out = 0;
};

class AccessLog {
 public:
  // `where`: "" or "stderr" for standard error, "off" for no log (nullptr),
  // otherwise a file appended to (created mode 0640). FailedPrecondition
  // when the file cannot be opened.
  static absl::StatusOr<std::unique_ptr<AccessLog>> Open(
      const std::string& where);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  // Appends the record's line with one write(2): lines of concurrent calls
  // never interleave, and no lock is held.
  void Write(const AccessRecord& record);

  // The record's line, with its newline. Bytes that could break the line or
  // its fields (controls, spaces, '%') are written %XX.
  static std::string Format(const AccessRecord& record);

 private:
  AccessLog(int fd, bool owned) : fd_(fd), owned_(owned) {}
  const int fd_;
  const bool owned_;
};

}  // namespace motcua::server

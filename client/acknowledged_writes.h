// The log of writes a server acknowledged, one line per write, so that a
// durability test can check afterwards that each is still there (after
// SIGKILLs, restarts or overload). motcua-load writes it (--acknowledged);
// tests read it back.
//
// A line is tab-separated: RPC, dossier code, the dossier's version after
// the write (the sequence of the event the write appended), the dossier's
// status after the write, and the request id:
//   ChangeDossierStatus<TAB>H29.18070-260301-0042<TAB>3<TAB>PROCESSING<TAB>load-1-...
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "motcua/v1/resources.pb.h"

namespace motcua::client {

struct AcknowledgedWrite {
  std::string rpc;  // DossierService method, e.g. "ReceiveDossier"
  std::string code;
  int64_t version = 0;
  v1::DossierStatus status = v1::DOSSIER_STATUS_UNSPECIFIED;
  std::string request_id;
};

std::string FormatAcknowledgedWrite(const AcknowledgedWrite& write);
// InvalidArgument for a line that FormatAcknowledgedWrite did not make.
absl::StatusOr<AcknowledgedWrite> ParseAcknowledgedWrite(
    absl::string_view line);
// Every line of the file at `path`, in order. A last line cut short (the
// writer died mid-line) is skipped: its write was never fully reported.
absl::StatusOr<std::vector<AcknowledgedWrite>> ReadAcknowledgedWrites(
    const std::string& path);

// Appends lines to the file, from any thread. Each line reaches the
// operating system (one write(2)) before Record returns, so it survives the
// writer's own crash; it is not synced to disk.
class AcknowledgedWritesLog {
 public:
  // Creates the file, or appends to it if it exists.
  static absl::StatusOr<std::unique_ptr<AcknowledgedWritesLog>> Open(
      const std::string& path);
  ~AcknowledgedWritesLog();
  AcknowledgedWritesLog(const AcknowledgedWritesLog&) = delete;
  AcknowledgedWritesLog& operator=(const AcknowledgedWritesLog&) = delete;

  // Records one acknowledged write; an error if the line could not be
  // written (disk full), which the caller should report.
  absl::Status Record(const AcknowledgedWrite& write);

 private:
  explicit AcknowledgedWritesLog(int fd) : fd_(fd) {}

  std::mutex mutex_;  // one line at a time
  const int fd_;
};

}  // namespace motcua::client

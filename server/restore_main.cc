// motcua-restore: restores a backup made by `motcua store backup` into a
// new, empty data folder, then opens the restored store and runs Verify.
// Offline: the server is started on the folder afterwards
// (deploy/README.md, "Backup and restore").
#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <system_error>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "cmdline/flags.h"
#include "core/status_macros.h"
#include "storage/rocksdb_store.h"

namespace motcua {
namespace {

constexpr const char* kUsage =
    R"(motcua-restore: restore a motcua backup into a new data folder

  motcua-restore --backup_dir=DIR [--backup_id=N] --data_dir=NEW_DIR

Restores backup N (default: the newest) of DIR, a folder written by
`motcua store backup DIR`, into NEW_DIR/store, the layout motcua-server
--data_dir=NEW_DIR reads. NEW_DIR must not exist or be empty: nothing is
restored over data. Then opens the restored store and runs Verify (the
recount of `motcua store verify`) and prints its result.

Exit status: 0 restored and Verify clean; 1 the restore failed or Verify
found differences; 2 a wrong command line.
)";

// Why `data_dir` cannot take a restore; OK when it is absent or empty.
absl::Status CheckEmpty(const std::string& data_dir) {
  std::error_code ec;
  if (!std::filesystem::exists(data_dir, ec)) return absl::OkStatus();
  if (!std::filesystem::is_directory(data_dir, ec)) {
    return absl::FailedPreconditionError(
        absl::StrCat("--data_dir ", data_dir, " is not a folder"));
  }
  if (!std::filesystem::is_empty(data_dir, ec) || ec) {
    return absl::FailedPreconditionError(absl::StrCat(
        "--data_dir ", data_dir,
        " is not empty: restore into a new folder, then move it into place "
        "(the current data stays untouched)"));
  }
  return absl::OkStatus();
}

// Restores, verifies and prints; false when Verify found differences.
absl::StatusOr<bool> Restore(const std::string& backup_dir, int64_t backup_id,
                             const std::string& data_dir) {
  MOTCUA_RETURN_IF_ERROR(CheckEmpty(data_dir));
  const std::string store_dir = data_dir + "/store";
  const absl::Time start = absl::Now();
  MOTCUA_ASSIGN_OR_RETURN(
      const storage::BackupInfo restored,
      storage::RestoreRocksDbBackup(backup_dir, backup_id, store_dir));
  std::cout << "restored backup " << restored.id << " of " << backup_dir
            << " (taken " << absl::FormatTime(restored.created_at) << ", "
            << restored.file_count << " files, " << restored.size_bytes
            << " bytes) into " << store_dir << " in "
            << absl::FormatDuration(
                   absl::Trunc(absl::Now() - start, absl::Milliseconds(1)))
            << std::endl;

  const absl::Time verify_start = absl::Now();
  MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store,
                          storage::OpenRocksDbStore(store_dir));
  MOTCUA_ASSIGN_OR_RETURN(const storage::VerifyReport report,
                          store->Verify(/*repair=*/false));
  std::cout << "verify: dossiers checked " << report.dossiers_checked
            << "; differences: counters " << report.counter_difference_count
            << ", indexes " << report.index_difference_count << ", histories "
            << report.history_difference_count << ", sequences "
            << report.sequence_difference_count << " ("
            << absl::FormatDuration(absl::Trunc(absl::Now() - verify_start,
                                                absl::Milliseconds(1)))
            << ")\n";
  int shown = 0;
  for (const auto* list :
       {&report.counter_differences, &report.index_differences,
        &report.history_differences, &report.sequence_differences}) {
    for (const std::string& d : *list) {
      if (shown++ < 20) std::cout << "  " << d << "\n";
    }
  }
  return report.consistent();
}

int Main(int argc, char** argv) {
  if (cmdline::AsksForHelp(argc, argv)) {
    std::cout << kUsage;
    return 0;
  }
  cmdline::FlagSpec spec;
  spec.values = {"backup_dir", "backup_id", "data_dir"};
  absl::StatusOr<cmdline::Flags> flags =
      cmdline::Flags::Parse(argc, argv, spec);
  if (!flags.ok()) {
    std::cerr << "motcua-restore: " << flags.status().message() << "\n";
    return 2;
  }
  absl::StatusOr<int64_t> backup_id = flags->GetInt64(
      "backup_id", 0, 1, UINT32_MAX, "must be a backup id (1, 2, ...)");
  if (!backup_id.ok()) {
    std::cerr << "motcua-restore: " << backup_id.status().message() << "\n";
    return 2;
  }
  if (!flags->positional().empty() || !flags->Has("backup_dir") ||
      !flags->Has("data_dir")) {
    std::cerr << "motcua-restore: --backup_dir and --data_dir are required "
                 "(see --help)\n";
    return 2;
  }
  absl::StatusOr<bool> clean = Restore(
      flags->GetString("backup_dir"), *backup_id, flags->GetString("data_dir"));
  if (!clean.ok()) {
    std::cerr << "motcua-restore: "
              << absl::StatusCodeToString(clean.status().code()) << ": "
              << clean.status().message() << "\n";
    return 1;
  }
  if (!*clean) {
    std::cerr << "motcua-restore: Verify found differences in the restored "
                 "store (listed above); do not serve it before they are "
                 "understood\n";
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace motcua

int main(int argc, char** argv) {
  // The restored store is as private as the server keeps it: its folder
  // 0700, its files 0600 (motcua-server refuses a data folder others read).
  umask(077);
  return motcua::Main(argc, argv);
}

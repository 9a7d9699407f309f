// The RocksDB engine's backups (Store::Backup, ListBackups, PruneBackups)
// and their restore, over RocksDB's BackupEngine.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "rocksdb/env.h"
#include "rocksdb/utilities/backup_engine.h"
#include "storage/rocksdb_status.h"
#include "storage/rocksdb_store_impl.h"

namespace motcua::storage {
namespace {

namespace fs = std::filesystem;

// `path` made absolute and normal, symbolic links resolved where they
// exist, without a trailing separator.
fs::path Resolved(const std::string& path) {
  std::error_code ignored;  // falls back to the lexical form
  fs::path p = fs::weakly_canonical(fs::absolute(path), ignored);
  if (p.empty()) p = fs::absolute(path);
  p = p.lexically_normal();
  if (p.has_relative_path() && p.filename().empty()) p = p.parent_path();
  return p;
}

// Whether `inner` is `outer` or lies under it.
bool IsWithin(const fs::path& inner, const fs::path& outer) {
  return std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end())
             .first == outer.end();
}

// The checks every backup call makes on `folder` (store.h).
absl::Status CheckFolder(const std::string& folder,
                         const std::string& store_directory) {
  if (folder.empty() || folder.front() != '/') {
    return absl::InvalidArgumentError(
        absl::StrCat("backup folder '", folder,
                     "' must be an absolute path on the server's machine"));
  }
  const fs::path f = Resolved(folder);
  const fs::path store = Resolved(store_directory);
  if (IsWithin(f, store) || IsWithin(store, f)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "backup folder '", folder, "' is the store's data folder (",
        store.string(), "), inside it or holds it: keep backups apart"));
  }
  return absl::OkStatus();
}

absl::Status MustExist(const std::string& folder) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    return absl::NotFoundError(
        absl::StrCat("backup folder '", folder, "' does not exist"));
  }
  return absl::OkStatus();
}

// Creates `folder` if needed and checks that this process may write there.
absl::Status MakeWritable(const std::string& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) {
    return absl::FailedPreconditionError(absl::StrCat(
        "cannot create backup folder '", folder, "': ", ec.message()));
  }
  if (access(folder.c_str(), W_OK | X_OK) != 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("backup folder '", folder,
                     "' is not writable: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

// Bytes of the regular files under `folder`.
int64_t FolderBytes(const std::string& folder) {
  int64_t bytes = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const uintmax_t size = it->file_size(size_ec);
      if (!size_ec) bytes += static_cast<int64_t>(size);
    }
  }
  return bytes;
}

BackupInfo ToInfo(const rocksdb::BackupInfo& b) {
  BackupInfo info;
  info.id = b.backup_id;
  info.created_at = absl::FromUnixSeconds(b.timestamp);
  info.size_bytes = static_cast<int64_t>(b.size);
  info.file_count = b.number_files;
  return info;
}

std::vector<BackupInfo> Infos(const rocksdb::BackupEngineReadOnlyBase& engine) {
  std::vector<rocksdb::BackupInfo> infos;
  engine.GetBackupInfo(&infos);
  std::vector<BackupInfo> out;
  for (const rocksdb::BackupInfo& b : infos) out.push_back(ToInfo(b));
  std::sort(
      out.begin(), out.end(),
      [](const BackupInfo& a, const BackupInfo& b) { return a.id < b.id; });
  return out;
}

rocksdb::BackupEngineOptions EngineOptions(const std::string& folder,
                                           int threads) {
  rocksdb::BackupEngineOptions options(folder);
  options.sync = true;  // a backup that returned survives a power loss
  options.max_background_operations = std::max(1, threads);
  return options;
}

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngine>> OpenEngine(
    const std::string& folder, int threads) {
  rocksdb::BackupEngine* raw = nullptr;
  const rocksdb::IOStatus s = rocksdb::BackupEngine::Open(
      EngineOptions(folder, threads), rocksdb::Env::Default(), &raw);
  if (!s.ok()) {
    return FromRocksDb(s, absl::StrCat("opening backup folder '", folder, "'"));
  }
  return std::unique_ptr<rocksdb::BackupEngine>(raw);
}

absl::StatusOr<std::unique_ptr<rocksdb::BackupEngineReadOnly>>
OpenEngineReadOnly(const std::string& folder) {
  rocksdb::BackupEngineReadOnly* raw = nullptr;
  const rocksdb::IOStatus s = rocksdb::BackupEngineReadOnly::Open(
      EngineOptions(folder, 1), rocksdb::Env::Default(), &raw);
  if (!s.ok()) {
    return FromRocksDb(s, absl::StrCat("opening backup folder '", folder, "'"));
  }
  return std::unique_ptr<rocksdb::BackupEngineReadOnly>(raw);
}

}  // namespace

absl::StatusOr<NewBackup> RocksDbStore::Backup(const std::string& folder) {
  MOTCUA_RETURN_IF_ERROR(CheckFolder(folder, directory_));
  absl::MutexLock lock(&backup_mutex_);
  MOTCUA_RETURN_IF_ERROR(MakeWritable(folder));
  MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngine> engine,
                          OpenEngine(folder, options_.background_threads));
  const int64_t bytes_before = FolderBytes(folder);
  // No flush: the engine copies the table files and the write-ahead log up
  // to its length when the backup begins. Every acknowledged write is in
  // that log (written, and with sync_writes synced, before its answer), so
  // the backup holds it, and writers never wait for a flush.
  rocksdb::CreateBackupOptions create;
  create.flush_before_backup = false;
  rocksdb::BackupID id = 0;
  const rocksdb::IOStatus s = engine->CreateNewBackup(create, db_.get(), &id);
  if (!s.ok()) {
    return FromRocksDb(s, absl::StrCat("backing up to '", folder, "'"));
  }
  rocksdb::BackupInfo info;
  const rocksdb::Status got = engine->GetBackupInfo(id, &info);
  if (!got.ok()) {
    return FromRocksDb(
        got, absl::StrCat("reading backup ", id, " in '", folder, "'"));
  }
  NewBackup made;
  made.backup = ToInfo(info);
  made.added_bytes = std::max<int64_t>(0, FolderBytes(folder) - bytes_before);
  return made;
}

absl::StatusOr<std::vector<BackupInfo>> RocksDbStore::ListBackups(
    const std::string& folder) {
  MOTCUA_RETURN_IF_ERROR(CheckFolder(folder, directory_));
  absl::MutexLock lock(&backup_mutex_);
  MOTCUA_RETURN_IF_ERROR(MustExist(folder));
  MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngineReadOnly> engine,
                          OpenEngineReadOnly(folder));
  return Infos(*engine);
}

absl::StatusOr<PrunedBackups> RocksDbStore::PruneBackups(
    const std::string& folder, int keep) {
  MOTCUA_RETURN_IF_ERROR(CheckFolder(folder, directory_));
  if (keep < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "keep must be at least 1 (got ", keep, "): pruning keeps the newest"));
  }
  absl::MutexLock lock(&backup_mutex_);
  MOTCUA_RETURN_IF_ERROR(MustExist(folder));
  MOTCUA_RETURN_IF_ERROR(MakeWritable(folder));
  MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngine> engine,
                          OpenEngine(folder, options_.background_threads));
  const std::vector<BackupInfo> before = Infos(*engine);
  const rocksdb::IOStatus s =
      engine->PurgeOldBackups(static_cast<uint32_t>(keep));
  if (!s.ok()) {
    return FromRocksDb(s, absl::StrCat("pruning backups in '", folder, "'"));
  }
  PrunedBackups pruned;
  pruned.kept = Infos(*engine);
  std::set<int64_t> kept_ids;
  for (const BackupInfo& b : pruned.kept) kept_ids.insert(b.id);
  for (const BackupInfo& b : before) {
    if (kept_ids.count(b.id) == 0) pruned.deleted_ids.push_back(b.id);
  }
  return pruned;
}

absl::StatusOr<BackupInfo> RestoreRocksDbBackup(
    const std::string& backup_folder, int64_t backup_id,
    const std::string& directory) {
  MOTCUA_RETURN_IF_ERROR(MustExist(backup_folder));
  if (backup_id < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "backup id must be positive (0: the newest), got ", backup_id));
  }
  MOTCUA_ASSIGN_OR_RETURN(std::unique_ptr<rocksdb::BackupEngineReadOnly> engine,
                          OpenEngineReadOnly(backup_folder));
  const std::vector<BackupInfo> backups = Infos(*engine);
  if (backups.empty()) {
    return absl::NotFoundError(
        absl::StrCat("backup folder '", backup_folder, "' holds no backup"));
  }
  const BackupInfo* chosen = &backups.back();
  if (backup_id != 0) {
    auto it =
        std::find_if(backups.begin(), backups.end(),
                     [&](const BackupInfo& b) { return b.id == backup_id; });
    if (it == backups.end()) {
      return absl::NotFoundError(absl::StrCat(
          "backup ", backup_id, " is not in '", backup_folder, "'"));
    }
    chosen = &*it;
  }
  std::error_code ec;
  fs::create_directories(directory, ec);
  if (ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot create '", directory, "': ", ec.message()));
  }
  if (!fs::is_empty(directory, ec) || ec) {
    return absl::FailedPreconditionError(
        absl::StrCat("'", directory,
                     "' is not empty: a backup is only restored into an "
                     "empty folder"));
  }
  const rocksdb::IOStatus s = engine->RestoreDBFromBackup(
      rocksdb::RestoreOptions(), static_cast<rocksdb::BackupID>(chosen->id),
      directory, directory);
  if (!s.ok()) {
    return FromRocksDb(
        s, absl::StrCat("restoring backup ", chosen->id, " of '", backup_folder,
                        "' into '", directory, "'"));
  }
  return *chosen;
}

}  // namespace motcua::storage

#include "service/admin.h"

#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/status_macros.h"
#include "service/log.h"
#include "service/tokens.h"

namespace motcua::service {
namespace {

absl::Status ValidatePrincipal(const core::Principal& p) {
  if (p.name.empty() || p.name.size() > 100) {
    return absl::InvalidArgumentError("principal must have 1 to 100 bytes");
  }
  switch (p.role) {
    case core::Role::kDesk:
      if (p.agency_codes.empty()) {
        return absl::InvalidArgumentError(
            "agency_codes: a DESK token serves at least one agency");
      }
      for (const std::string& a : p.agency_codes) {
        absl::Status s = core::ValidateAgencyCode(a);
        if (!s.ok()) {
          return absl::InvalidArgumentError(
              absl::StrCat("agency_codes: ", s.message()));
        }
      }
      return absl::OkStatus();
    case core::Role::kViewer:
    case core::Role::kBatch:
      if (p.unit.kind == core::ScopeKind::kAgency) {
        return absl::InvalidArgumentError(
            "unit.kind must be a unit (PROVINCE, DISTRICT, COMMUNE) or "
            "DEPLOYMENT");
      }
      return absl::OkStatus();
    case core::Role::kAdmin:
    case core::Role::kImport:
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(
          "role must be DESK, VIEWER, BATCH, ADMIN or IMPORT");
  }
}

}  // namespace

Admin::Admin(storage::Store& store, std::function<absl::Time()> clock)
    : store_(store), clock_(std::move(clock)) {}

absl::StatusOr<CreatedToken> Admin::CreateToken(
    const core::Principal& caller, const core::Principal& principal) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, "create tokens"));
  MOTCUA_RETURN_IF_ERROR(ValidatePrincipal(principal));
  MOTCUA_ASSIGN_OR_RETURN(NewToken token, GenerateToken(principal, clock_()));
  MOTCUA_RETURN_IF_ERROR(store_.PutToken(token.stored));
  return CreatedToken{std::move(token.stored), std::move(token.secret)};
}

absl::StatusOr<std::vector<storage::StoredToken>> Admin::ListTokens(
    const core::Principal& caller) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, "list tokens"));
  return store_.ListTokens();
}

absl::StatusOr<storage::StoredToken> Admin::RevokeToken(
    const core::Principal& caller, const std::string& id) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, "revoke tokens"));
  return store_.RevokeToken(id, clock_());
}

absl::StatusOr<storage::VerifyReport> Admin::Verify(
    const core::Principal& caller, bool repair) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, "verify the store"));
  return store_.Verify(repair);
}

absl::StatusOr<storage::NewBackup> Admin::Backup(const core::Principal& caller,
                                                 const std::string& folder) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, "back up the store"));
  const absl::Time start = clock_();
  MOTCUA_ASSIGN_OR_RETURN(storage::NewBackup made, store_.Backup(folder));
  // Operators find their backups in the log too (folder and figures only).
  Log(LogLevel::kInfo,
      absl::StrCat("admin: backup ", made.backup.id, " in ", folder, " by ",
                   caller.name, ": ", made.backup.file_count, " files, ",
                   made.backup.size_bytes, " bytes (", made.added_bytes,
                   " new) in ", absl::FormatDuration(absl::Trunc(
                                    clock_() - start, absl::Milliseconds(1)))));
  return made;
}

absl::StatusOr<std::vector<storage::BackupInfo>> Admin::ListBackups(
    const core::Principal& caller, const std::string& folder) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, "list backups"));
  return store_.ListBackups(folder);
}

absl::StatusOr<storage::PrunedBackups> Admin::PruneBackups(
    const core::Principal& caller, const std::string& folder, int keep) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, "prune backups"));
  MOTCUA_ASSIGN_OR_RETURN(storage::PrunedBackups pruned,
                          store_.PruneBackups(folder, keep));
  Log(LogLevel::kInfo,
      absl::StrCat("admin: pruned ", pruned.deleted_ids.size(),
                   " backup(s) in ", folder, " by ", caller.name, ", kept ",
                   pruned.kept.size()));
  return pruned;
}

}  // namespace motcua::service

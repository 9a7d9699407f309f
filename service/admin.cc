#include "service/admin.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/status_macros.h"
#include "core/text.h"
#include "service/log.h"
#include "service/tokens.h"

namespace motcua::service {
namespace {

core::UnitLevel LevelOf(core::ScopeKind kind) {
  switch (kind) {
    case core::ScopeKind::kProvince:
      return core::UnitLevel::kProvince;
    case core::ScopeKind::kDistrict:
      return core::UnitLevel::kDistrict;
    case core::ScopeKind::kCommune:
      return core::UnitLevel::kCommune;
    default:
      return core::UnitLevel::kUnspecified;
  }
}

absl::Status ValidatePrincipal(const core::Principal& p,
                               const core::CatalogueIndex& catalogue) {
  if (p.name.empty() || p.name.size() > 100) {
    return absl::InvalidArgumentError("principal must have 1 to 100 bytes");
  }
  MOTCUA_RETURN_IF_ERROR(core::ValidateText(p.name, "principal", 100));
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
        const auto& all = catalogue.agencies();
        if (std::none_of(all.begin(), all.end(),
                         [&](const core::Agency& e) { return e.code == a; })) {
          return absl::InvalidArgumentError(absl::StrCat(
              "agency_codes: agency '", a, "' is not in the catalogue"));
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
      if (p.unit.kind != core::ScopeKind::kDeployment) {
        const auto& all = catalogue.units();
        const core::UnitLevel level = LevelOf(p.unit.kind);
        if (std::none_of(all.begin(), all.end(), [&](const core::Unit& u) {
              return u.code == p.unit.code && u.level == level;
            })) {
          return absl::InvalidArgumentError(
              absl::StrCat("unit: no unit '", core::Quote(p.unit.code),
                           "' at that level is in the catalogue"));
        }
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

Admin::Admin(storage::Store& store, CatalogueState& catalogue,
             std::function<absl::Time()> clock)
    : store_(store), catalogue_(catalogue), clock_(std::move(clock)) {}

absl::StatusOr<CreatedToken> Admin::CreateToken(
    const core::Principal& caller, const core::Principal& principal) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, "create tokens"));
  MOTCUA_RETURN_IF_ERROR(ValidatePrincipal(principal, *catalogue_.Get()));
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
  MOTCUA_ASSIGN_OR_RETURN(storage::VerifyReport report, store_.Verify(repair));
  VerifyOutcome outcome;
  outcome.finished_at = clock_();
  outcome.differences =
      report.counter_difference_count + report.index_difference_count +
      report.history_difference_count + report.sequence_difference_count;
  outcome.repaired = report.repaired;
  absl::MutexLock lock(&verify_mutex_);
  last_verify_ = outcome;
  return report;
}

std::optional<VerifyOutcome> Admin::last_verify() const {
  absl::MutexLock lock(&verify_mutex_);
  return last_verify_;
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
                   " new) in ",
                   absl::FormatDuration(
                       absl::Trunc(clock_() - start, absl::Milliseconds(1)))));
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

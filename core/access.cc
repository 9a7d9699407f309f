#include "core/access.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"

namespace motcua::core {
namespace {

bool Serves(const Principal& p, const std::string& agency) {
  return p.role == Role::kDesk &&
         std::find(p.agency_codes.begin(), p.agency_codes.end(), agency) !=
             p.agency_codes.end();
}

bool OpenStepWith(const Principal& p, const Dossier& d) {
  const std::vector<InterAgencyStep>& steps = d.timeline.steps;
  return !steps.empty() && !steps.back().finished_at.has_value() &&
         Serves(p, steps.back().agency_code);
}

bool DossierInUnit(const Dossier& d, const Scope& unit) {
  return unit.kind == ScopeKind::kAgency ? d.agency_code == unit.code
                                         : PathWithin(d.units, unit);
}

absl::Status Denied(const Principal& p, absl::string_view what) {
  return absl::PermissionDeniedError(
      absl::StrCat(RoleName(p.role), " token '", p.name, "' may not ", what));
}

}  // namespace

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kDesk:
      return "DESK";
    case Role::kViewer:
      return "VIEWER";
    case Role::kBatch:
      return "BATCH";
    case Role::kAdmin:
      return "ADMIN";
    case Role::kImport:
      return "IMPORT";
    case Role::kUnspecified:
      break;
  }
  return "UNSPECIFIED";
}

absl::Status CheckCanWriteDossier(const Principal& p, const Dossier& d) {
  if (p.role == Role::kAdmin || Serves(p, d.agency_code)) {
    return absl::OkStatus();
  }
  return Denied(p, absl::StrCat("change dossier ", d.code));
}

absl::Status CheckCanFinishStep(const Principal& p, const Dossier& d) {
  if (p.role == Role::kAdmin || Serves(p, d.agency_code) ||
      OpenStepWith(p, d)) {
    return absl::OkStatus();
  }
  return Denied(p, absl::StrCat("finish the step of dossier ", d.code));
}

bool MayLookFor(const Principal& p, absl::string_view code) {
  if (p.role == Role::kAdmin) return true;
  absl::StatusOr<DossierCode> parsed = ParseDossierCode(code);
  return parsed.ok() && Serves(p, parsed->agency_code);
}

absl::Status CheckCanCreateAt(const Principal& p,
                              const std::string& agency_code) {
  if (p.role == Role::kAdmin || Serves(p, agency_code)) {
    return absl::OkStatus();
  }
  return Denied(p, absl::StrCat("receive dossiers at agency ", agency_code));
}

absl::Status CheckCanReadDossier(const Principal& p, const Dossier& d) {
  if (p.role == Role::kAdmin || Serves(p, d.agency_code) ||
      OpenStepWith(p, d)) {
    return absl::OkStatus();
  }
  if ((p.role == Role::kViewer || p.role == Role::kBatch) &&
      DossierInUnit(d, p.unit)) {
    return absl::OkStatus();
  }
  return Denied(p, absl::StrCat("read dossier ", d.code));
}

bool MaySeePersonalData(const Principal& p, const Dossier& d) {
  return p.role == Role::kAdmin || Serves(p, d.agency_code);
}

absl::Status CheckCanReadScope(const Principal& p, const Scope& scope,
                               const ScopeContains& contains) {
  if (p.role == Role::kAdmin) return absl::OkStatus();
  if ((p.role == Role::kViewer || p.role == Role::kBatch) &&
      contains(p.unit, scope)) {
    return absl::OkStatus();
  }
  if (scope.kind == ScopeKind::kAgency && Serves(p, scope.code)) {
    return absl::OkStatus();
  }
  return Denied(
      p, absl::StrCat("read figures outside its unit (asked for ",
                      scope.code.empty() ? "the whole deployment" : scope.code,
                      ")"));
}

absl::Status CheckIsAdmin(const Principal& p, absl::string_view what) {
  if (p.role == Role::kAdmin) return absl::OkStatus();
  return Denied(p, what);
}

absl::Status CheckCanImport(const Principal& p) {
  if (p.role == Role::kAdmin || p.role == Role::kImport) {
    return absl::OkStatus();
  }
  return Denied(p, "import past histories");
}

}  // namespace motcua::core

// Who may do what (the roles of the API issue), as pure functions: the
// server authenticates a token to a Principal and asks these before acting.
// A refusal is PermissionDenied naming what was refused, never the data.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/counters.h"
#include "core/dossier.h"

namespace motcua::core {

// Numbers are part of the disk format (stored tokens): never renumber.
enum class Role {
  kUnspecified = 0,
  kDesk = 1,    // writes and reads the dossiers of its agencies
  kViewer = 2,  // reads statistics and lists within its unit, no personal data
  kBatch = 3,   // statistics and exports within its unit
  kAdmin = 4,   // catalogue, calendars, tokens, everything
  kImport = 5,  // imports past histories (any past instant), nothing else
};

absl::string_view RoleName(Role role);

struct Principal {
  std::string name;  // recorded in every event the principal makes
  Role role = Role::kUnspecified;
  std::vector<std::string> agency_codes;  // DESK: the agencies it serves
  Scope unit;  // VIEWER, BATCH: the unit (province, district or commune)
  // The token the caller authenticated with (set by authentication, not
  // stored with the principal): a retry is answered only to the token that
  // made the first call.
  std::string token_id = std::string();
};

// Whether `inner` lies within `outer` in the hierarchy; supplied by the
// caller from the catalogue (the deployment scope holds everything).
using ScopeContains =
    std::function<bool(const Scope& outer, const Scope& inner)>;

// Writing a dossier: ADMIN, or DESK for a dossier of one of its agencies.
absl::Status CheckCanWriteDossier(const Principal& p, const Dossier& d);

// Finishing the open inter-agency step: those who may write the dossier,
// and DESK of the agency holding that step (which may do nothing else).
absl::Status CheckCanFinishStep(const Principal& p, const Dossier& d);

// Whether `p` could read a dossier with code `code` were it to exist: the
// answer for unknown codes is then NOT_FOUND, else PERMISSION_DENIED, so
// codes of other agencies cannot be probed.
bool MayLookFor(const Principal& p, absl::string_view code);

// Creating a dossier at `agency_code`: ADMIN, or DESK serving it.
absl::Status CheckCanCreateAt(const Principal& p,
                              const std::string& agency_code);

// Reading a dossier: those who may write it, DESK of the agency holding
// its open step, and VIEWER and BATCH when it was received within their
// unit (its unit path at reception).
absl::Status CheckCanReadDossier(const Principal& p, const Dossier& d);

// Whether the applicant's personal data (and the notes in the history,
// which may hold it) may be shown: ADMIN, and DESK for its own agencies'
// dossiers. Others get the dossier without them.
bool MaySeePersonalData(const Principal& p, const Dossier& d);

// Statistics, lists and exports of `scope`: ADMIN anywhere; VIEWER and
// BATCH within their unit; DESK for its own agencies.
absl::Status CheckCanReadScope(const Principal& p, const Scope& scope,
                               const ScopeContains& contains);

// Catalogue, calendars, settings, tokens, Verify: ADMIN only.
absl::Status CheckIsAdmin(const Principal& p, absl::string_view what);

// Importing past histories: ADMIN or IMPORT.
absl::Status CheckCanImport(const Principal& p);

}  // namespace motcua::core

// Request ids (AIP-155) as every engine keeps them: what is stored for an
// applied id, and what a retry of it is answered. Internal to storage/.
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/records.pb.h"
#include "storage/store.h"

namespace motcua::storage {

// InvalidArgument when the id is longer than the contract allows.
absl::Status ValidateRequest(const RequestKey& request);

// What is kept for `request` applied by the write of `event` that left the
// dossier as `record`: no second copy of the applicant's personal data (a
// replay takes it from the dossier's record; an applicant never changes).
records::AppliedRequest MakeAppliedRequest(const RequestKey& request,
                                           const records::Dossier& record,
                                           const core::DossierEvent& event);

// The applied record of `request`'s id as stored (`stored`), checked:
// nullopt when it expired (`now` - `retention`); AlreadyExists when the id
// was used with another fingerprint.
absl::StatusOr<std::optional<records::AppliedRequest>> CheckAppliedRequest(
    absl::string_view stored, const RequestKey& request, absl::Time now,
    absl::Duration retention);

// AlreadyExists unless `applied` wrote to `target_code` (any code when
// empty: a creation) of `target_agency`.
absl::Status CheckSameTarget(const records::AppliedRequest& applied,
                             const RequestKey& request,
                             absl::string_view target_code,
                             absl::string_view target_agency);

// What a retry of `applied` is answered: the record it left, with the
// applicant taken from the dossier as stored now (`current`), and its
// event (`event`).
DossierWrite ReplayOf(const records::AppliedRequest& applied,
                      const records::Dossier& current,
                      const records::Event& event);

}  // namespace motcua::storage

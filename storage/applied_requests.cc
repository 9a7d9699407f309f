// Request ids as every engine keeps them (applied_requests.h).
#include "storage/applied_requests.h"

#include "absl/strings/str_cat.h"
#include "core/status_macros.h"
#include "storage/record_codec.h"

namespace motcua::storage {
namespace {

constexpr size_t kMaxRequestIdLength = 128;

absl::Status UsedForAnother(const RequestKey& request) {
  return absl::AlreadyExistsError(
      absl::StrCat("request_id '", request.request_id,
                   "' was already used for a different request"));
}

}  // namespace

absl::Status ValidateRequest(const RequestKey& request) {
  if (request.request_id.size() > kMaxRequestIdLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        "request_id must have at most ", kMaxRequestIdLength, " bytes"));
  }
  return absl::OkStatus();
}

records::AppliedRequest MakeAppliedRequest(const RequestKey& request,
                                           const records::Dossier& record,
                                           const core::DossierEvent& event) {
  records::AppliedRequest applied;
  applied.set_applied_at(absl::ToUnixMicros(event.recorded_at));
  applied.set_fingerprint(request.fingerprint);
  applied.set_dossier_code(record.code());
  applied.set_event_sequence(event.sequence);
  *applied.mutable_dossier() = record;
  records::Dossier* kept = applied.mutable_dossier();
  kept->clear_applicant_kind();
  kept->clear_applicant_name();
  kept->clear_applicant_id_number();
  kept->clear_applicant_phone();
  kept->clear_applicant_email();
  kept->clear_applicant_address();
  return applied;
}

absl::StatusOr<std::optional<records::AppliedRequest>> CheckAppliedRequest(
    absl::string_view stored, const RequestKey& request, absl::Time now,
    absl::Duration retention) {
  MOTCUA_ASSIGN_OR_RETURN(
      records::AppliedRequest applied,
      Parse<records::AppliedRequest>(stored, "applied request"));
  if (absl::FromUnixMicros(applied.applied_at()) < now - retention) {
    return std::nullopt;  // expired: the id may be used afresh
  }
  if (applied.fingerprint() != request.fingerprint) {
    return UsedForAnother(request);
  }
  return std::optional<records::AppliedRequest>(std::move(applied));
}

absl::Status CheckSameTarget(const records::AppliedRequest& applied,
                             const RequestKey& request,
                             absl::string_view target_code,
                             absl::string_view target_agency) {
  if ((!target_code.empty() && applied.dossier_code() != target_code) ||
      applied.dossier().agency_code() != target_agency) {
    return UsedForAnother(request);
  }
  return absl::OkStatus();
}

DossierWrite ReplayOf(const records::AppliedRequest& applied,
                      const records::Dossier& current,
                      const records::Event& event) {
  records::Dossier first = applied.dossier();
  first.set_applicant_kind(current.applicant_kind());
  first.set_applicant_name(current.applicant_name());
  first.set_applicant_id_number(current.applicant_id_number());
  first.set_applicant_phone(current.applicant_phone());
  first.set_applicant_email(current.applicant_email());
  first.set_applicant_address(current.applicant_address());
  return DossierWrite{FromRecord(first), FromRecord(event),
                      /*replayed=*/true};
}

}  // namespace motcua::storage

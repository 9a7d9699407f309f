#include "absl/strings/str_cat.h"
#include "core/dossier.h"

namespace motcua::core {

absl::Status ValidateApplicant(const Applicant& a, absl::string_view field) {
  if (a.kind != ApplicantKind::kPerson &&
      a.kind != ApplicantKind::kOrganisation) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".kind must be PERSON or ORGANISATION"));
  }
  if (a.name.empty() || a.name.size() > 500) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".name must have 1 to 500 bytes"));
  }
  if (a.id_number.empty() || a.id_number.size() > 32) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".id_number must have 1 to 32 characters"));
  }
  for (const std::string* s : {&a.phone, &a.email, &a.address}) {
    if (s->size() > 500) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " contact fields must have at most 500 bytes"));
    }
  }
  return absl::OkStatus();
}

}  // namespace motcua::core

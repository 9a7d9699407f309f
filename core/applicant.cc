#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/dossier.h"
#include "core/text.h"

namespace motcua::core {
namespace {

// A person: a citizen identity card (12 digits, CCCD), an old identity card
// (9 digits, CMND), or a passport (a letter then 5 to 8 letters or digits).
// An organisation: a tax code (10 digits, or a branch's 10-3 or 13 digits).
bool IsIdentityNumber(ApplicantKind kind, absl::string_view id) {
  if (kind == ApplicantKind::kOrganisation) {
    if (id.size() == 14 && id[10] == '-') {
      return AllDigits(id.substr(0, 10)) && AllDigits(id.substr(11));
    }
    return (id.size() == 10 || id.size() == 13) && AllDigits(id);
  }
  if (AllDigits(id)) return id.size() == 9 || id.size() == 12;
  if (id.size() < 6 || id.size() > 9 ||
      !absl::ascii_isalpha(static_cast<unsigned char>(id[0]))) {
    return false;
  }
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

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
  if (absl::Status s = ValidateText(a.name, absl::StrCat(field, ".name"), 500);
      !s.ok()) {
    return s;
  }
  if (a.id_number.empty() || a.id_number.size() > 32) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".id_number must have 1 to 32 characters"));
  }
  if (!IsIdentityNumber(a.kind, a.id_number)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".id_number must be ",
        a.kind == ApplicantKind::kOrganisation
            ? "a tax code: 10 digits, or 13 (10-3 for a branch)"
            : "an identity card number (12 or 9 digits) or a passport "
              "number (a letter, then 5 to 8 letters or digits)"));
  }
  for (const auto& [value, name] :
       {std::pair<const std::string*, const char*>{&a.phone, "phone"},
        {&a.email, "email"},
        {&a.address, "address"}}) {
    if (value->size() > 500) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, " contact fields must have at most 500 bytes"));
    }
    if (absl::Status s =
            ValidateText(*value, absl::StrCat(field, ".", name), 500);
        !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace motcua::core

#include "core/catalogue.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "core/dossier_code.h"
#include "core/status_macros.h"
#include "core/text.h"

namespace motcua::core {
namespace {

constexpr size_t kMaxNameLength = 500;
constexpr size_t kMaxCodeLength = 32;

absl::Status ValidateName(absl::string_view what, const std::string& name) {
  if (name.empty() || name.size() > kMaxNameLength) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ".name must have 1 to ", kMaxNameLength, " bytes"));
  }
  return ValidateText(name, absl::StrCat(what, ".name"), kMaxNameLength);
}

absl::Status ValidateCode(absl::string_view what, const std::string& code) {
  if (code.empty() || code.size() > kMaxCodeLength) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, ".code must have 1 to ", kMaxCodeLength, " characters"));
  }
  for (char c : code) {
    const auto u = static_cast<unsigned char>(c);
    if (!absl::ascii_isalnum(u) && c != '.' && c != '_') {
      return absl::InvalidArgumentError(absl::StrCat(
          what, ".code '", Quote(code),
          "' may hold only ASCII letters, digits, dots and underscores"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateValidity(absl::string_view what, const Validity& v) {
  if (v.valid_to.has_value() && *v.valid_to <= v.valid_from) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ".valid_to must be after valid_from"));
  }
  return absl::OkStatus();
}

bool ValidLevel(UnitLevel level) {
  return level == UnitLevel::kProvince || level == UnitLevel::kDistrict ||
         level == UnitLevel::kCommune;
}

}  // namespace

absl::Status ValidateUnit(const Unit& unit) {
  if (!ValidLevel(unit.level)) {
    return absl::InvalidArgumentError(
        "unit.level must be PROVINCE, DISTRICT or COMMUNE");
  }
  const size_t digits = unit.level == UnitLevel::kProvince   ? 2
                        : unit.level == UnitLevel::kDistrict ? 3
                                                             : 5;
  if (unit.code.size() != digits || !AllDigits(unit.code)) {
    return absl::InvalidArgumentError(
        absl::StrCat("unit.code of a ",
                     unit.level == UnitLevel::kProvince   ? "province"
                     : unit.level == UnitLevel::kDistrict ? "district"
                                                          : "commune",
                     " must be ", digits, " digits, got '", unit.code, "'"));
  }
  MOTCUA_RETURN_IF_ERROR(ValidateName("unit", unit.name));
  if ((unit.level == UnitLevel::kProvince) != unit.parent_code.empty()) {
    return absl::InvalidArgumentError(
        unit.level == UnitLevel::kProvince
            ? "unit.parent_code must be empty for a province"
            : "unit.parent_code is required below the province level");
  }
  return ValidateValidity("unit", unit.validity);
}

absl::Status ValidateAgency(const Agency& agency) {
  absl::Status s = ValidateAgencyCode(agency.code);
  if (!s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("agency.", s.message()));
  }
  MOTCUA_RETURN_IF_ERROR(ValidateName("agency", agency.name));
  if (!ValidLevel(agency.level)) {
    return absl::InvalidArgumentError(
        "agency.level must be PROVINCE, DISTRICT or COMMUNE");
  }
  if (agency.unit_code.empty()) {
    return absl::InvalidArgumentError("agency.unit_code is required");
  }
  return ValidateValidity("agency", agency.validity);
}

absl::Status ValidateField(const Field& field) {
  MOTCUA_RETURN_IF_ERROR(ValidateCode("field", field.code));
  return ValidateName("field", field.name);
}

absl::Status ValidateOnlineClassification(int online_level,
                                          OnlineClass online_class) {
  if (online_level < 1 || online_level > 4) {
    return absl::InvalidArgumentError(absl::StrCat(
        "procedure.online_level must be 1 to 4, got ", online_level));
  }
  if (online_class != OnlineClass::kNone &&
      online_class != OnlineClass::kPartial &&
      online_class != OnlineClass::kFull) {
    return absl::InvalidArgumentError(absl::StrCat(
        "procedure.online_class must be NONE, PARTIAL or FULL, got ",
        static_cast<int>(online_class)));
  }
  return absl::OkStatus();
}

absl::Status ValidateProcedure(const Procedure& p) {
  MOTCUA_RETURN_IF_ERROR(ValidateCode("procedure", p.code));
  MOTCUA_RETURN_IF_ERROR(ValidateName("procedure", p.name));
  if (p.field_code.empty()) {
    return absl::InvalidArgumentError("procedure.field_code is required");
  }
  if (!ValidLevel(p.level)) {
    return absl::InvalidArgumentError(
        "procedure.level must be PROVINCE, DISTRICT or COMMUNE");
  }
  absl::Status s = ValidateProcessingTime(p.processing_time);
  if (!s.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("procedure.processing_time: ", s.message()));
  }
  MOTCUA_RETURN_IF_ERROR(
      ValidateOnlineClassification(p.online_level, p.online_class));
  return ValidateValidity("procedure", p.validity);
}

}  // namespace motcua::core

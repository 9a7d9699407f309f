#include "core/dossier_code.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/status_macros.h"
#include "core/text.h"

namespace motcua::core {
namespace {

absl::Status ValidateParts(const DossierCode& code) {
  MOTCUA_RETURN_IF_ERROR(ValidateAgencyCode(code.agency_code));
  if (code.reception_day.year() < 2000 || code.reception_day.year() > 2099) {
    return absl::InvalidArgumentError(
        absl::StrCat("dossier code reception year ", code.reception_day.year(),
                     " is outside 2000..2099"));
  }
  if (code.sequence < 1 || code.sequence > kMaxDailySequence) {
    return absl::InvalidArgumentError(
        absl::StrCat("dossier code sequence ", code.sequence, " is outside 1..",
                     kMaxDailySequence));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateAgencyCode(absl::string_view code) {
  if (code.empty() || code.size() > kMaxAgencyCodeLength) {
    return absl::InvalidArgumentError(
        absl::StrCat("agency code must have 1 to ", kMaxAgencyCodeLength,
                     " characters, has ", code.size()));
  }
  for (char c : code) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.') {
      return absl::InvalidArgumentError(
          absl::StrCat("agency code '", Quote(code),
                       "' may hold only ASCII letters, digits and dots"));
    }
  }
  if (code.front() == '.' || code.back() == '.') {
    return absl::InvalidArgumentError(absl::StrCat(
        "agency code '", Quote(code), "' may not start or end with a dot"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> FormatDossierCode(const DossierCode& code) {
  MOTCUA_RETURN_IF_ERROR(ValidateParts(code));
  return absl::StrFormat(
      "%s-%02d%02d%02d-%04d", code.agency_code, code.reception_day.year() % 100,
      code.reception_day.month(), code.reception_day.day(), code.sequence);
}

absl::StatusOr<DossierCode> ParseDossierCode(absl::string_view text) {
  // Agency codes hold no '-', so the two last dashes delimit the parts.
  const size_t second = text.rfind('-');
  const size_t first = second == absl::string_view::npos || second == 0
                           ? absl::string_view::npos
                           : text.rfind('-', second - 1);
  if (first == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dossier code '", Quote(text), "' is not AGENCY-yyMMdd-NNNN"));
  }
  const absl::string_view agency = text.substr(0, first);
  const absl::string_view date = text.substr(first + 1, second - first - 1);
  const absl::string_view sequence = text.substr(second + 1);
  if (date.size() != 6 || !AllDigits(date)) {
    return absl::InvalidArgumentError(
        absl::StrCat("dossier code '", Quote(text),
                     "' has no 6-digit yyMMdd reception date"));
  }
  if (sequence.size() != 4 || !AllDigits(sequence)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dossier code '", Quote(text), "' has no 4-digit sequence"));
  }
  int yy = 0, mm = 0, dd = 0, seq = 0;
  absl::SimpleAtoi(date.substr(0, 2), &yy);
  absl::SimpleAtoi(date.substr(2, 2), &mm);
  absl::SimpleAtoi(date.substr(4, 2), &dd);
  absl::SimpleAtoi(sequence, &seq);
  const absl::CivilDay day(2000 + yy, mm, dd);
  if (day.month() != mm || day.day() != dd) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dossier code '", Quote(text), "' has an impossible date ", date));
  }
  DossierCode code{std::string(agency), day, seq};
  MOTCUA_RETURN_IF_ERROR(ValidateParts(code));
  return code;
}

}  // namespace motcua::core

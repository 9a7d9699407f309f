// Dossier codes (mã hồ sơ): {agency code}-{yyMMdd of reception}-{NNNN},
// the sequence per agency per day starting at 0001, unique forever.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace motcua::core {

inline constexpr int kMaxDailySequence = 9999;
inline constexpr size_t kMaxAgencyCodeLength = 32;

struct DossierCode {
  std::string agency_code;       // the agency's electronic identifier
  absl::CivilDay reception_day;  // local date, 2000-01-01..2099-12-31
  int sequence = 0;              // 1..9999

  friend bool operator==(const DossierCode& a, const DossierCode& b) {
    return a.agency_code == b.agency_code &&
           a.reception_day == b.reception_day && a.sequence == b.sequence;
  }
};

// An agency's electronic identifier (mã định danh, e.g. "000.00.12.H55"):
// 1 to 32 characters of ASCII letters, digits and dots, neither starting nor
// ending with a dot. InvalidArgument otherwise, saying why.
absl::Status ValidateAgencyCode(absl::string_view code);

// "000.00.12.H55-250107-0042". InvalidArgument when a part is out of range
// (a 10,000th dossier of a day cannot be numbered).
absl::StatusOr<std::string> FormatDossierCode(const DossierCode& code);

// The inverse of FormatDossierCode(); InvalidArgument, saying which part is
// wrong, for anything FormatDossierCode() would not have produced.
absl::StatusOr<DossierCode> ParseDossierCode(absl::string_view text);

}  // namespace motcua::core

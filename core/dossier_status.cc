#include "core/dossier_status.h"

#include "absl/strings/str_cat.h"

namespace motcua::core {

absl::StatusOr<DossierStatus> StatusFromCode(int code) {
  if (code < kMinStatusCode || code > kMaxStatusCode) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dossier status code ", code, " is not a national status (1..10)"));
  }
  return static_cast<DossierStatus>(code);
}

absl::string_view StatusName(DossierStatus status) {
  switch (status) {
    case DossierStatus::kUnspecified:
      return "UNSPECIFIED";
    case DossierStatus::kSubmitted:
      return "SUBMITTED";
    case DossierStatus::kReceived:
      return "RECEIVED";
    case DossierStatus::kNotAccepted:
      return "NOT_ACCEPTED";
    case DossierStatus::kProcessing:
      return "PROCESSING";
    case DossierStatus::kAwaitingSupplement:
      return "AWAITING_SUPPLEMENT";
    case DossierStatus::kAwaitingFinancial:
      return "AWAITING_FINANCIAL_OBLIGATION";
    case DossierStatus::kWithdrawn:
      return "WITHDRAWN";
    case DossierStatus::kStopped:
      return "STOPPED";
    case DossierStatus::kResolved:
      return "RESOLVED";
    case DossierStatus::kReturned:
      return "RETURNED";
  }
  return "UNKNOWN";
}

bool IsTerminal(DossierStatus status) {
  return status == DossierStatus::kNotAccepted ||
         status == DossierStatus::kWithdrawn ||
         status == DossierStatus::kStopped ||
         status == DossierStatus::kReturned;
}

bool IsClockPaused(DossierStatus status) {
  return status == DossierStatus::kAwaitingSupplement ||
         status == DossierStatus::kAwaitingFinancial;
}

bool IsLegalTransition(DossierStatus from, DossierStatus to) {
  using S = DossierStatus;
  switch (from) {
    case S::kSubmitted:
      return to == S::kReceived || to == S::kNotAccepted;
    case S::kReceived:
      return to == S::kProcessing || to == S::kWithdrawn || to == S::kResolved;
    case S::kProcessing:
      return to == S::kAwaitingSupplement || to == S::kAwaitingFinancial ||
             to == S::kStopped || to == S::kWithdrawn || to == S::kResolved;
    case S::kAwaitingSupplement:
    case S::kAwaitingFinancial:
      return to == S::kProcessing || to == S::kWithdrawn;
    case S::kResolved:
      return to == S::kReturned;
    default:
      return false;
  }
}

absl::Status CheckTransition(DossierStatus from, DossierStatus to) {
  if (IsLegalTransition(from, to)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrCat("illegal transition from ", StatusName(from), " (",
                   static_cast<int>(from), ") to ", StatusName(to), " (",
                   static_cast<int>(to), ")"));
}

std::vector<DossierStatus> NextStatuses(DossierStatus from) {
  std::vector<DossierStatus> out;
  for (int code = kMinStatusCode; code <= kMaxStatusCode; ++code) {
    const auto to = static_cast<DossierStatus>(code);
    if (IsLegalTransition(from, to)) out.push_back(to);
  }
  return out;
}

}  // namespace motcua::core

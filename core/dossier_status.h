// The ten national dossier statuses and the legal transitions between them
// (DOMAIN.md section 4).
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace motcua::core {

// The national portal's codes; reports and integrations use the numbers, so
// they are part of the wire and disk formats: never renumber.
enum class DossierStatus {
  kUnspecified = 0,
  kSubmitted = 1,    // mới đăng ký (online, not yet checked)
  kReceived = 2,     // được tiếp nhận (form 01; code and due date)
  kNotAccepted = 3,  // không được tiếp nhận (form 03)
  kProcessing = 4,   // đang xử lý
  kAwaitingSupplement = 5,  // yêu cầu bổ sung (form 02)
  kAwaitingFinancial = 6,   // chờ nghĩa vụ tài chính
  kWithdrawn = 7,           // công dân rút hồ sơ
  kStopped = 8,             // dừng xử lý (form 05)
  kResolved = 9,            // đã xử lý xong
  kReturned = 10,           // đã trả kết quả
};

inline constexpr int kMinStatusCode = 1;
inline constexpr int kMaxStatusCode = 10;

// The status with national code `code`; InvalidArgument outside 1..10.
absl::StatusOr<DossierStatus> StatusFromCode(int code);

// "PROCESSING", "AWAITING_SUPPLEMENT", ...
absl::string_view StatusName(DossierStatus status);

// NOT_ACCEPTED, WITHDRAWN, STOPPED, RETURNED: nothing may follow.
bool IsTerminal(DossierStatus status);

// AWAITING_SUPPLEMENT, AWAITING_FINANCIAL_OBLIGATION: the clock is paused.
bool IsClockPaused(DossierStatus status);

// Whether `from` -> `to` is one of the legal transitions:
// 1->2, 1->3, 2->4, 4->5->4, 4->6->4, 4->8, {2,4,5,6}->7, {2,4}->9, 9->10.
bool IsLegalTransition(DossierStatus from, DossierStatus to);

// OK for a legal transition; otherwise FailedPrecondition naming both
// statuses, e.g. "illegal transition from PROCESSING (4) to RETURNED (10)".
absl::Status CheckTransition(DossierStatus from, DossierStatus to);

// The statuses reachable from `from` in one legal transition.
std::vector<DossierStatus> NextStatuses(DossierStatus from);

}  // namespace motcua::core

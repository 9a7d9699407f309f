// The status machine: exactly the legal transitions of DOMAIN.md section 4.
#include "core/dossier_status.h"

#include <set>
#include <utility>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace motcua::core {
namespace {

using ::testing::HasSubstr;

// The specification's list, written out: 1->2, 1->3; 2->4; 4->5->4;
// 4->6->4; 4->8; {2,4,5,6}->7; {2,4}->9; 9->10.
const std::set<std::pair<int, int>> kLegal = {
    {1, 2}, {1, 3}, {2, 4}, {4, 5}, {5, 4}, {4, 6}, {6, 4}, {4, 8},
    {2, 7}, {4, 7}, {5, 7}, {6, 7}, {2, 9}, {4, 9}, {9, 10}};

TEST(StatusMachine, ExactlyTheSpecifiedTransitionsAreLegal) {
  for (int from = 0; from <= kMaxStatusCode; ++from) {
    for (int to = 0; to <= kMaxStatusCode; ++to) {
      const bool expected = kLegal.count({from, to}) > 0;
      EXPECT_EQ(IsLegalTransition(static_cast<DossierStatus>(from),
                                  static_cast<DossierStatus>(to)),
                expected)
          << from << " -> " << to;
      EXPECT_EQ(CheckTransition(static_cast<DossierStatus>(from),
                                static_cast<DossierStatus>(to))
                    .ok(),
                expected)
          << from << " -> " << to;
    }
  }
}

TEST(StatusMachine, IllegalTransitionNamesBothStatuses) {
  absl::Status s =
      CheckTransition(DossierStatus::kProcessing, DossierStatus::kReturned);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "illegal transition from PROCESSING (4) to RETURNED (10)");
}

TEST(StatusMachine, SampleOfIllegalTransitionsIsRefused) {
  for (auto [from, to] : std::vector<std::pair<int, int>>{
           {1, 4}, {2, 10}, {3, 2}, {5, 9}, {7, 4}, {8, 9}, {10, 9}, {9, 4}}) {
    EXPECT_EQ(CheckTransition(static_cast<DossierStatus>(from),
                              static_cast<DossierStatus>(to))
                  .code(),
              absl::StatusCode::kFailedPrecondition)
        << from << " -> " << to;
  }
}

TEST(StatusMachine, TerminalStatusesHaveNoSuccessor) {
  for (DossierStatus s :
       {DossierStatus::kNotAccepted, DossierStatus::kWithdrawn,
        DossierStatus::kStopped, DossierStatus::kReturned}) {
    EXPECT_TRUE(IsTerminal(s));
    EXPECT_TRUE(NextStatuses(s).empty()) << StatusName(s);
  }
  EXPECT_FALSE(IsTerminal(DossierStatus::kResolved));
}

TEST(StatusMachine, OnlyTheAwaitingStatusesPauseTheClock) {
  for (int code = kMinStatusCode; code <= kMaxStatusCode; ++code) {
    EXPECT_EQ(IsClockPaused(static_cast<DossierStatus>(code)),
              code == 5 || code == 6)
        << code;
  }
}

TEST(StatusCodes, NationalCodesMapBothWays) {
  for (int code = kMinStatusCode; code <= kMaxStatusCode; ++code) {
    absl::StatusOr<DossierStatus> s = StatusFromCode(code);
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(static_cast<int>(*s), code);
  }
  EXPECT_EQ(StatusName(DossierStatus::kAwaitingFinancial),
            "AWAITING_FINANCIAL_OBLIGATION");
}

TEST(StatusCodes, CodesOutsideOneToTenAreRefused) {
  for (int code : {0, 11, -1}) {
    absl::StatusOr<DossierStatus> s = StatusFromCode(code);
    EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(s.status().message()),
                HasSubstr(std::to_string(code)));
  }
}

}  // namespace
}  // namespace motcua::core

// Due instants (DOMAIN.md section 5), each expected instant worked out by
// hand against the real Vietnamese calendars.
#include "core/due_date.h"

#include "gtest/gtest.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::core {
namespace {

using ::motcua::testing::Local;
using ::motcua::testing::LocalString;
using ::motcua::testing::ShippedCalendar;

constexpr ProcessingTime WorkingDays(int n) {
  return {n, TimeUnit::kWorkingDays};
}
constexpr ProcessingTime WorkingHours(int n) {
  return {n, TimeUnit::kWorkingHours};
}
constexpr ProcessingTime CalendarDays(int n) {
  return {n, TimeUnit::kCalendarDays};
}

// Asserts that work of `time` started at `start` is due at `expected`.
void ExpectDue(absl::Time start, ProcessingTime time, absl::Time expected) {
  absl::StatusOr<absl::Time> due =
      ComputeDueInstant(ShippedCalendar(), start, time);
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_EQ(LocalString(*due), LocalString(expected));
}

TEST(WorkingDays, FridayAfternoonThreeDaysIsWednesdaySameClockTime) {
  ExpectDue(Local(2025, 3, 14, 14, 0), WorkingDays(3),
            Local(2025, 3, 19, 14, 0));
}

TEST(WorkingDays, ReceptionAt1800CountsFromNextMorning) {
  // Mon 18:00 -> Tue 07:30, then Wed, Thu, Fri.
  ExpectDue(Local(2025, 3, 17, 18, 0), WorkingDays(3),
            Local(2025, 3, 21, 7, 30));
}

TEST(WorkingDays, ReceptionAtNoonCountsFromAfternoonStart) {
  ExpectDue(Local(2025, 3, 17, 12, 0), WorkingDays(3),
            Local(2025, 3, 20, 13, 30));
}

TEST(WorkingDays, ReceptionAt1130IsNoLongerMorning) {
  ExpectDue(Local(2025, 3, 17, 11, 30), WorkingDays(1),
            Local(2025, 3, 18, 13, 30));
}

TEST(WorkingDays, ReceptionAt1700IsNoLongerAfternoon) {
  ExpectDue(Local(2025, 3, 17, 17, 0), WorkingDays(1),
            Local(2025, 3, 19, 7, 30));
}

TEST(WorkingDays, ReceptionOnSaturdayCountsFromMonday) {
  ExpectDue(Local(2025, 3, 15, 9, 0), WorkingDays(1),
            Local(2025, 3, 18, 7, 30));
}

TEST(WorkingDays, TenDaysAreTwoWeeksNotEightHourDays) {
  // A 7.5-hour day converted to 8 hours would drift later every day.
  ExpectDue(Local(2025, 3, 3, 9, 0), WorkingDays(10), Local(2025, 3, 17, 9, 0));
}

TEST(WorkingDays, DueTimeKeepsSecondsAndIsNotRounded) {
  ExpectDue(Local(2025, 3, 17, 9, 7, 23), WorkingDays(1),
            Local(2025, 3, 18, 9, 7, 23));
}

TEST(WorkingDays, CrossesTet2025) {
  // Days off Sat 25 Jan - Sun 2 Feb 2025: Fri 24, Mon 3 Feb, Tue 4 Feb.
  ExpectDue(Local(2025, 1, 23, 9, 0), WorkingDays(3), Local(2025, 2, 4, 9, 0));
}

TEST(WorkingDays, CrossesTet2026) {
  // Days off Sat 14 - Sun 22 Feb 2026: Fri 13, Mon 23 ... Thu 26.
  ExpectDue(Local(2026, 2, 12, 10, 0), WorkingDays(5),
            Local(2026, 2, 26, 10, 0));
}

TEST(WorkingDays, MakeUpSaturdayIsAWorkingDay) {
  // Sat 10 Jan 2026 is worked to make up for Fri 2 Jan.
  ExpectDue(Local(2026, 1, 8, 10, 0), WorkingDays(2),
            Local(2026, 1, 10, 10, 0));
}

TEST(WorkingDays, ReceptionOnMakeUpSaturdayCountsFromThatDay) {
  ExpectDue(Local(2026, 1, 10, 9, 0), WorkingDays(1), Local(2026, 1, 12, 9, 0));
}

TEST(WorkingDays, ReceptionOnSwappedHolidayCountsFromNextWorkingDay) {
  // Fri 2 Jan 2026 is off (swapped): normalised to Mon 5 Jan 07:30.
  ExpectDue(Local(2026, 1, 2, 9, 0), WorkingDays(1), Local(2026, 1, 6, 7, 30));
}

TEST(WorkingDays, CrossesNewYear2026Closure) {
  // Days off Thu 1 - Sun 4 Jan 2026.
  ExpectDue(Local(2025, 12, 31, 15, 0), WorkingDays(2),
            Local(2026, 1, 6, 15, 0));
}

TEST(WorkingDays, CrossesReunificationAndLabourDayBridge2025) {
  // Days off Wed 30 Apr - Sun 4 May 2025 (Fri 2 May swapped).
  ExpectDue(Local(2025, 4, 29, 14, 0), WorkingDays(2),
            Local(2025, 5, 6, 14, 0));
}

TEST(WorkingDays, MakeUpSaturdayBeforeTheBridge2025) {
  ExpectDue(Local(2025, 4, 25, 8, 0), WorkingDays(1), Local(2025, 4, 26, 8, 0));
}

TEST(WorkingDays, CrossesNationalDayBridge2025) {
  // Days off Sat 30 Aug - Tue 2 Sep 2025.
  ExpectDue(Local(2025, 8, 29, 9, 0), WorkingDays(1), Local(2025, 9, 3, 9, 0));
}

TEST(WorkingDays, CrossesNationalDayBridge2026WithSwappedMonday) {
  // Days off Sat 29 Aug - Wed 2 Sep 2026 (Mon 31 Aug swapped).
  ExpectDue(Local(2026, 8, 28, 10, 0), WorkingDays(1),
            Local(2026, 9, 3, 10, 0));
}

TEST(WorkingDays, MakeUpSaturdayForNationalDay2026) {
  ExpectDue(Local(2026, 8, 21, 10, 0), WorkingDays(1),
            Local(2026, 8, 22, 10, 0));
}

TEST(WorkingHours, AcrossLunch) {
  // 10:00-11:30 is 1.5 h; 2.5 h more from 13:30.
  ExpectDue(Local(2025, 3, 17, 10, 0), WorkingHours(4),
            Local(2025, 3, 17, 16, 0));
}

TEST(WorkingHours, AcrossWeekend) {
  // Fri 15:00-17:00 2 h, Mon morning 4 h, 2 h from 13:30.
  ExpectDue(Local(2025, 3, 14, 15, 0), WorkingHours(8),
            Local(2025, 3, 17, 15, 30));
}

TEST(WorkingHours, WorkEndingAt1700EndsThatDay) {
  ExpectDue(Local(2025, 3, 17, 14, 0), WorkingHours(3),
            Local(2025, 3, 17, 17, 0));
}

TEST(WorkingHours, WorkEndingAt1130EndsThatMorning) {
  ExpectDue(Local(2025, 3, 17, 7, 30), WorkingHours(4),
            Local(2025, 3, 17, 11, 30));
}

TEST(WorkingHours, TwoDaysAreFifteenHoursOnTheNationalSchedule) {
  ExpectDue(Local(2025, 3, 17, 7, 30), WorkingHours(15),
            Local(2025, 3, 18, 17, 0));
}

TEST(WorkingHours, ReceptionAfterHoursStartsNextMorning) {
  ExpectDue(Local(2025, 3, 17, 20, 0), WorkingHours(1),
            Local(2025, 3, 18, 8, 30));
}

TEST(WorkingHours, AcrossTet2025) {
  // Fri 24 Jan 15:00-17:00 2 h; days off Sat 25 Jan - Sun 2 Feb.
  ExpectDue(Local(2025, 1, 24, 15, 0), WorkingHours(4),
            Local(2025, 2, 3, 9, 30));
}

TEST(WorkingHours, IntoMakeUpSaturday) {
  // Fri 25 Apr 2025 16:00-17:00 1 h, then Sat 26 Apr (make-up) 2 h.
  ExpectDue(Local(2025, 4, 25, 16, 0), WorkingHours(3),
            Local(2025, 4, 26, 9, 30));
}

TEST(WorkingDays, Provisional2027KeepsTheStatutoryMay3Substitute) {
  // Fri 30 Apr - Mon 3 May 2027 off: Tue 4, Wed 5 May.
  ExpectDue(Local(2027, 4, 29, 9, 0), WorkingDays(2), Local(2027, 5, 5, 9, 0));
}

TEST(WorkingDays, SubSecondReceptionKeepsItsFraction) {
  const absl::Time start = Local(2025, 3, 17, 9, 0) + absl::Milliseconds(250);
  ExpectDue(start, WorkingDays(1),
            Local(2025, 3, 18, 9, 0) + absl::Milliseconds(250));
}

TEST(CalendarDays, LandingOnSundayMovesToMonday) {
  ExpectDue(Local(2025, 3, 12, 9, 0), CalendarDays(4),
            Local(2025, 3, 17, 9, 0));
}

TEST(CalendarDays, LandingOnHolidayMovesPastTheBridge) {
  // Thu 1 May 2025 is off, and so is everything up to Sun 4 May.
  ExpectDue(Local(2025, 4, 24, 10, 0), CalendarDays(7),
            Local(2025, 5, 5, 10, 0));
}

TEST(CalendarDays, CountFromNormalisedReception) {
  // Sat 15 Mar -> Mon 17 Mar 07:30; +2 days = Wed 19 Mar 07:30.
  ExpectDue(Local(2025, 3, 15, 10, 0), CalendarDays(2),
            Local(2025, 3, 19, 7, 30));
}

TEST(ProcessingTimeValidation, RejectsZeroNegativeAndUnspecified) {
  const absl::Time t = Local(2025, 3, 17, 9, 0);
  for (ProcessingTime bad :
       {WorkingDays(0), WorkingDays(-1), WorkingHours(kMaxProcessingHours + 1),
        CalendarDays(kMaxProcessingDays + 1),
        ProcessingTime{3, TimeUnit::kUnspecified}}) {
    absl::StatusOr<absl::Time> due =
        ComputeDueInstant(ShippedCalendar(), t, bad);
    EXPECT_EQ(due.status().code(), absl::StatusCode::kInvalidArgument)
        << DescribeProcessingTime(bad);
  }
}

TEST(ProcessingTimeValidation, DescribesEachUnit) {
  EXPECT_EQ(DescribeProcessingTime(WorkingDays(3)), "3 working days");
  EXPECT_EQ(DescribeProcessingTime(WorkingHours(4)), "4 working hours");
  EXPECT_EQ(DescribeProcessingTime(CalendarDays(30)), "30 calendar days");
}

TEST(MissingCalendarYear, DeadlineRunningIntoAYearWithoutDataFails) {
  absl::StatusOr<absl::Time> due = ComputeDueInstant(
      ShippedCalendar(), Local(2027, 12, 29, 9, 0), WorkingDays(5));
  EXPECT_EQ(due.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(due.status().message().find("2028"), absl::string_view::npos)
      << due.status();
}

}  // namespace
}  // namespace motcua::core

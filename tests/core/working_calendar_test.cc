// The working calendar's queries (DOMAIN.md section 5), on real calendars.
#include "core/working_calendar.h"

#include "gtest/gtest.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::core {
namespace {

using ::motcua::testing::Local;
using ::motcua::testing::LocalString;
using ::motcua::testing::ShippedCalendar;
using ::motcua::testing::ShippedYear;

TEST(WorkingCalendar, WeekdaysAreWorkingAndWeekendsAreNot) {
  EXPECT_TRUE(*ShippedCalendar().IsWorkingDay(absl::CivilDay(2025, 3, 14)));
  EXPECT_FALSE(*ShippedCalendar().IsWorkingDay(absl::CivilDay(2025, 3, 15)));
  EXPECT_FALSE(*ShippedCalendar().IsWorkingDay(absl::CivilDay(2025, 3, 16)));
}

TEST(WorkingCalendar, HolidayOnAWeekdayIsNotWorking) {
  EXPECT_FALSE(*ShippedCalendar().IsWorkingDay(absl::CivilDay(2026, 2, 17)));
}

TEST(WorkingCalendar, MakeUpSaturdayIsWorkingWithNormalHours) {
  absl::StatusOr<absl::Span<const WorkPeriod>> periods =
      ShippedCalendar().PeriodsOn(absl::CivilDay(2024, 5, 4));
  ASSERT_TRUE(periods.ok());
  ASSERT_EQ(periods->size(), 2u);
  EXPECT_EQ((*periods)[0].start_minute, 7 * 60 + 30);
  EXPECT_EQ((*periods)[1].end_minute, 17 * 60);
}

TEST(WorkingCalendar, NormalisesInsideWorkingTimeToItself) {
  EXPECT_EQ(*ShippedCalendar().NormalizeToWorkingTime(Local(2025, 3, 17, 9, 0)),
            Local(2025, 3, 17, 9, 0));
}

TEST(WorkingCalendar, NormalisesPeriodEndsToNextPeriodStart) {
  EXPECT_EQ(LocalString(*ShippedCalendar().NormalizeToWorkingTime(
                Local(2025, 3, 17, 11, 30))),
            LocalString(Local(2025, 3, 17, 13, 30)));
  EXPECT_EQ(LocalString(*ShippedCalendar().NormalizeToWorkingTime(
                Local(2025, 3, 14, 17, 0))),
            LocalString(Local(2025, 3, 17, 7, 30)));
}

TEST(WorkingCalendar, NormalisesEarlyMorningToSameDayStart) {
  EXPECT_EQ(LocalString(*ShippedCalendar().NormalizeToWorkingTime(
                Local(2025, 3, 17, 6, 0))),
            LocalString(Local(2025, 3, 17, 7, 30)));
}

TEST(WorkingCalendar, WorkingTimeBetweenSkipsLunchNightsAndWeekends) {
  // Fri 16:00-17:00 (1 h) + Mon 07:30-11:30 (4 h) + 13:30-14:00 (0.5 h).
  EXPECT_EQ(*ShippedCalendar().WorkingTimeBetween(Local(2025, 3, 14, 16, 0),
                                                  Local(2025, 3, 17, 14, 0)),
            absl::Minutes(330));
}

// 2025: 261 weekdays, 12 of them off, one make-up Saturday (26 Apr): 250
// working days of 7.5 h.
TEST(WorkingCalendar, WorkingTimeOfAWholeYear) {
  EXPECT_EQ(*ShippedCalendar().WorkingTimeBetween(Local(2025, 1, 1, 0, 0),
                                                  Local(2026, 1, 1, 0, 0)),
            absl::Hours(1875));
}

// From Tue 31 Dec 2024 16:00 (1 h left that day), all of 2025, to Fri 2 Jan
// 2026 08:00 (1-2 Jan 2026 are off): whole years are summed, not walked,
// and the cut days still count only their part.
TEST(WorkingCalendar, WorkingTimeAcrossYearsCountsTheCutDaysAndWholeYears) {
  EXPECT_EQ(*ShippedCalendar().WorkingTimeBetween(Local(2024, 12, 31, 16, 0),
                                                  Local(2026, 1, 2, 8, 0)),
            absl::Hours(1876));
  EXPECT_EQ(*ShippedCalendar().WorkingTimeBetween(Local(2024, 12, 31, 16, 0),
                                                  Local(2026, 1, 5, 8, 0)),
            absl::Minutes(1876 * 60 + 30));
}

TEST(WorkingCalendar, WorkingTimeBetweenRejectsReversedRange) {
  EXPECT_EQ(ShippedCalendar()
                .WorkingTimeBetween(Local(2025, 3, 17, 14, 0),
                                    Local(2025, 3, 17, 9, 0))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(WorkingCalendar, AddingZeroWorkingTimeKeepsTheInstant) {
  EXPECT_EQ(*ShippedCalendar().AddWorkingTime(Local(2025, 3, 17, 17, 0),
                                              absl::ZeroDuration()),
            Local(2025, 3, 17, 17, 0));
}

TEST(WorkingCalendar, AddingWorkingTimeFromPeriodEndContinuesNextPeriod) {
  EXPECT_EQ(LocalString(*ShippedCalendar().AddWorkingTime(
                Local(2025, 3, 17, 17, 0), absl::Minutes(30))),
            LocalString(Local(2025, 3, 18, 8, 0)));
}

TEST(WorkingCalendar, HalfDayStartOfAfternoonInstant) {
  EXPECT_EQ(*ShippedCalendar().HalfDayStart(Local(2025, 3, 19, 14, 0)),
            Local(2025, 3, 19, 13, 30));
}

TEST(WorkingCalendar, HalfDayOfAPeriodEndIsThatPeriod) {
  EXPECT_EQ(*ShippedCalendar().HalfDayStart(Local(2025, 3, 19, 11, 30)),
            Local(2025, 3, 19, 7, 30));
  EXPECT_EQ(*ShippedCalendar().HalfDayStart(Local(2025, 3, 19, 17, 0)),
            Local(2025, 3, 19, 13, 30));
}

TEST(WorkingCalendar, YearWithoutDataIsAnErrorNotAWorkingDay) {
  absl::StatusOr<bool> working =
      ShippedCalendar().IsWorkingDay(absl::CivilDay(2028, 1, 3));
  EXPECT_EQ(working.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(working.status().message().find("2028"), absl::string_view::npos);
}

TEST(WorkingCalendar, YearBeforeDataIsAnError) {
  absl::StatusOr<WorkingCalendar> only_2025 =
      WorkingCalendar::Create(WorkSchedule::Default(), {ShippedYear(2025)});
  ASSERT_TRUE(only_2025.ok());
  EXPECT_EQ(only_2025->NormalizeToWorkingTime(Local(2024, 12, 31, 20, 0))
                .status()
                .code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(WorkingCalendar, RejectsTheSameYearTwice) {
  absl::StatusOr<WorkingCalendar> twice = WorkingCalendar::Create(
      WorkSchedule::Default(), {ShippedYear(2025), ShippedYear(2025)});
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(WorkingCalendar, ReportsProvisionalYears) {
  EXPECT_TRUE(*ShippedCalendar().IsProvisional(2027));
  EXPECT_FALSE(*ShippedCalendar().IsProvisional(2026));
  EXPECT_EQ(ShippedCalendar().IsProvisional(2019).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(WorkingCalendar, CustomScheduleWithSaturdayMorningsIsHonoured) {
  absl::StatusOr<WorkSchedule> schedule =
      WorkSchedule::Parse("mon-fri 07:30-11:30 13:30-17:00\nsat 07:30-11:30\n");
  ASSERT_TRUE(schedule.ok()) << schedule.status();
  absl::StatusOr<WorkingCalendar> calendar =
      WorkingCalendar::Create(*schedule, {ShippedYear(2025)});
  ASSERT_TRUE(calendar.ok());
  EXPECT_EQ(LocalString(
                *calendar->NormalizeToWorkingTime(Local(2025, 3, 14, 17, 30))),
            LocalString(Local(2025, 3, 15, 7, 30)));
}

}  // namespace
}  // namespace motcua::core

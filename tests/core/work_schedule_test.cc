// Working hours: the national default, the text form and its validation.
#include "core/work_schedule.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace motcua::core {
namespace {

using ::testing::HasSubstr;

TEST(WorkSchedule, DefaultIsMondayToFridayWithLunchBreak) {
  const WorkSchedule s = WorkSchedule::Default();
  EXPECT_EQ(s.ForWeekday(absl::Weekday::monday),
            (std::vector<WorkPeriod>{{450, 690}, {810, 1020}}));
  EXPECT_EQ(s.ForWeekday(absl::Weekday::friday),
            s.ForWeekday(absl::Weekday::monday));
  EXPECT_TRUE(s.ForWeekday(absl::Weekday::saturday).empty());
  EXPECT_TRUE(s.ForWeekday(absl::Weekday::sunday).empty());
  EXPECT_EQ(s.ForMakeupDay(), s.ForWeekday(absl::Weekday::monday));
}

TEST(WorkSchedule, DefaultPrintsAsTheNationalHours) {
  EXPECT_EQ(
      WorkSchedule::Default().ToString(),
      "mon-fri 07:30-11:30 13:30-17:00\nmakeup 07:30-11:30 13:30-17:00\n");
}

TEST(WorkSchedule, ParseOfToStringGivesTheSameSchedule) {
  absl::StatusOr<WorkSchedule> s =
      WorkSchedule::Parse(WorkSchedule::Default().ToString());
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->ToString(), WorkSchedule::Default().ToString());
}

TEST(WorkSchedule, MakeUpDayDefaultsToMondayHours) {
  absl::StatusOr<WorkSchedule> s =
      WorkSchedule::Parse("mon-thu 08:00-12:00\nfri 08:00-11:00\n");
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->ForMakeupDay(), (std::vector<WorkPeriod>{{480, 720}}));
}

TEST(WorkSchedule, EmptyScheduleIsRefusedNotEveryDayWorking) {
  absl::StatusOr<WorkSchedule> s = WorkSchedule::Parse("# nothing\n");
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(s.status().message()),
              HasSubstr("no working time on any weekday"));
}

TEST(WorkSchedule, RejectsOverlappingPeriods) {
  EXPECT_THAT(std::string(WorkSchedule::Parse("mon 07:30-12:00 11:00-17:00")
                              .status()
                              .message()),
              HasSubstr("overlap"));
}

TEST(WorkSchedule, RejectsEmptyAndInvertedPeriods) {
  EXPECT_FALSE(WorkSchedule::Parse("mon 09:00-09:00").ok());
  EXPECT_FALSE(WorkSchedule::Parse("mon 17:00-07:30").ok());
}

TEST(WorkSchedule, RejectsBadClockTimesAndDayNames) {
  EXPECT_THAT(
      std::string(WorkSchedule::Parse("mon 7:30-11:30").status().message()),
      HasSubstr("line 1"));
  EXPECT_THAT(
      std::string(WorkSchedule::Parse("mon 07:30-25:00").status().message()),
      HasSubstr("not a clock time"));
  EXPECT_THAT(
      std::string(WorkSchedule::Parse("monday 07:30-11:30").status().message()),
      HasSubstr("not a day name"));
}

TEST(WorkSchedule, RejectsADayGivenTwice) {
  EXPECT_THAT(
      std::string(WorkSchedule::Parse("mon-fri 07:30-11:30\nfri 13:30-17:00")
                      .status()
                      .message()),
      HasSubstr("fri is given twice"));
}

}  // namespace
}  // namespace motcua::core

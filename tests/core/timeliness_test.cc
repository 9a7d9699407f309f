// Early / on time / late and within time / overdue at their boundaries
// (DOMAIN.md section 6), under both granularities.
#include "core/timeliness.h"

#include "gtest/gtest.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::core {
namespace {

using ::motcua::testing::Local;
using ::motcua::testing::ShippedCalendar;

// Due Wed 19 Mar 2025 14:00, in the afternoon half-day starting 13:30.
const absl::Time kDue = Local(2025, 3, 19, 14, 0);

Timeliness Classify(Granularity g, absl::Time finished) {
  absl::StatusOr<Timeliness> t =
      ClassifyFinished(ShippedCalendar(), g, kDue, finished);
  EXPECT_TRUE(t.ok()) << t.status();
  return t.value_or(Timeliness::kUnspecified);
}

TEST(DateGranularity, DayBeforeDueDateIsEarly) {
  EXPECT_EQ(Classify(Granularity::kDate, Local(2025, 3, 18, 23, 59, 59)),
            Timeliness::kEarly);
}

TEST(DateGranularity, MorningOfDueDateIsOnTime) {
  EXPECT_EQ(Classify(Granularity::kDate, Local(2025, 3, 19, 7, 30)),
            Timeliness::kOnTime);
}

TEST(DateGranularity, At2359OnDueDateIsOnTime) {
  EXPECT_EQ(Classify(Granularity::kDate, Local(2025, 3, 19, 23, 59, 59)),
            Timeliness::kOnTime);
}

TEST(DateGranularity, AtMidnightAfterDueDateIsLate) {
  EXPECT_EQ(Classify(Granularity::kDate, Local(2025, 3, 20, 0, 0)),
            Timeliness::kLate);
}

TEST(DateGranularity, UsesLocalDatesNotUtcDates) {
  // 06:00 local on the 20th is 23:00 UTC on the 19th: still late.
  EXPECT_EQ(Classify(Granularity::kDate, Local(2025, 3, 20, 6, 0)),
            Timeliness::kLate);
  // Due 07:30 local on the 19th is 00:30 UTC; 06:59 local on the 19th is
  // the 18th in UTC: on time, not early.
  absl::StatusOr<Timeliness> t =
      ClassifyFinished(ShippedCalendar(), Granularity::kDate,
                       Local(2025, 3, 19, 7, 30), Local(2025, 3, 19, 6, 59));
  EXPECT_EQ(*t, Timeliness::kOnTime);
}

TEST(InstantGranularity, BeforeDueHalfDayStartsIsEarly) {
  EXPECT_EQ(Classify(Granularity::kInstant, Local(2025, 3, 19, 13, 29, 59)),
            Timeliness::kEarly);
  EXPECT_EQ(Classify(Granularity::kInstant, Local(2025, 3, 19, 10, 0)),
            Timeliness::kEarly);
}

TEST(InstantGranularity, FromHalfDayStartUpToDueIsOnTime) {
  EXPECT_EQ(Classify(Granularity::kInstant, Local(2025, 3, 19, 13, 30)),
            Timeliness::kOnTime);
  EXPECT_EQ(Classify(Granularity::kInstant, kDue), Timeliness::kOnTime);
}

TEST(InstantGranularity, AfterDueInstantIsLateEvenOnDueDate) {
  EXPECT_EQ(Classify(Granularity::kInstant, Local(2025, 3, 19, 14, 0, 1)),
            Timeliness::kLate);
  EXPECT_EQ(Classify(Granularity::kInstant, Local(2025, 3, 19, 23, 59)),
            Timeliness::kLate);
}

TEST(InstantGranularity, DueAt1130BelongsToTheMorning) {
  absl::StatusOr<Timeliness> t =
      ClassifyFinished(ShippedCalendar(), Granularity::kInstant,
                       Local(2025, 3, 19, 11, 30), Local(2025, 3, 19, 8, 0));
  EXPECT_EQ(*t, Timeliness::kOnTime);
}

TEST(InstantGranularity, DueAt1330StartsTheAfternoonHalfDay) {
  absl::StatusOr<Timeliness> t =
      ClassifyFinished(ShippedCalendar(), Granularity::kInstant,
                       Local(2025, 3, 19, 13, 30), Local(2025, 3, 19, 10, 0));
  EXPECT_EQ(*t, Timeliness::kEarly);
}

TEST(OpenDossiers, DateGranularityIsOverdueOnlyAfterTheDueDate) {
  EXPECT_EQ(ClassifyOpen(Granularity::kDate, kDue, Local(2025, 3, 19, 23, 59)),
            OpenTimeliness::kWithinTime);
  EXPECT_EQ(ClassifyOpen(Granularity::kDate, kDue, Local(2025, 3, 20, 0, 0)),
            OpenTimeliness::kOverdue);
}

TEST(OpenDossiers, InstantGranularityIsOverdueAfterTheDueInstant) {
  EXPECT_EQ(ClassifyOpen(Granularity::kInstant, kDue, kDue),
            OpenTimeliness::kWithinTime);
  EXPECT_EQ(
      ClassifyOpen(Granularity::kInstant, kDue, Local(2025, 3, 19, 14, 0, 1)),
      OpenTimeliness::kOverdue);
}

TEST(TimelinessNames, AreTheReportNames) {
  EXPECT_EQ(TimelinessName(Timeliness::kEarly), "EARLY");
  EXPECT_EQ(TimelinessName(Timeliness::kOnTime), "ON_TIME");
  EXPECT_EQ(TimelinessName(Timeliness::kLate), "LATE");
  EXPECT_EQ(OpenTimelinessName(OpenTimeliness::kWithinTime), "WITHIN_TIME");
  EXPECT_EQ(OpenTimelinessName(OpenTimeliness::kOverdue), "OVERDUE");
}

}  // namespace
}  // namespace motcua::core

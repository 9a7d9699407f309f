// The calendars shipped in data/calendar agree with the published facts
// (shared CALENDAR-FACTS.md).
#include <map>

#include "core/working_calendar.h"
#include "gtest/gtest.h"
#include "tests/testing/calendar_testing.h"

namespace motcua::core {
namespace {

using ::motcua::testing::ShippedCalendar;
using ::motcua::testing::ShippedYear;

int WeekdaysOff(int year) {
  int count = 0;
  for (absl::CivilDay d(year, 1, 1); d.year() == year; ++d) {
    const absl::Weekday w = absl::GetWeekday(d);
    if (w == absl::Weekday::saturday || w == absl::Weekday::sunday) continue;
    if (!*ShippedCalendar().IsWorkingDay(d)) ++count;
  }
  return count;
}

TEST(ShippedCalendar, WeekdayDaysOffPerYearMatchThePublishedCounts) {
  const std::map<int, int> published = {{2020, 10}, {2021, 11}, {2022, 11},
                                        {2023, 11}, {2024, 12}, {2025, 12},
                                        {2026, 13}};
  for (const auto& [year, count] : published) {
    EXPECT_EQ(WeekdaysOff(year), count) << year;
  }
}

TEST(ShippedCalendar, MakeUpSaturdaysAreExactlyThePublishedOnes) {
  std::vector<absl::CivilDay> working_saturdays;
  for (absl::CivilDay d(2020, 1, 1); d.year() <= 2027; ++d) {
    if (absl::GetWeekday(d) == absl::Weekday::saturday &&
        *ShippedCalendar().IsWorkingDay(d)) {
      working_saturdays.push_back(d);
    }
  }
  EXPECT_EQ(working_saturdays,
            (std::vector<absl::CivilDay>{
                absl::CivilDay(2024, 5, 4), absl::CivilDay(2025, 4, 26),
                absl::CivilDay(2026, 1, 10), absl::CivilDay(2026, 8, 22)}));
}

TEST(ShippedCalendar, LunarNewYearsDayIsOffEveryYear) {
  for (absl::CivilDay tet :
       {absl::CivilDay(2020, 1, 25), absl::CivilDay(2021, 2, 12),
        absl::CivilDay(2022, 2, 1), absl::CivilDay(2023, 1, 22),
        absl::CivilDay(2024, 2, 10), absl::CivilDay(2025, 1, 29),
        absl::CivilDay(2026, 2, 17), absl::CivilDay(2027, 2, 6)}) {
    EXPECT_FALSE(*ShippedCalendar().IsWorkingDay(tet)) << tet;
  }
}

TEST(ShippedCalendar, SwappedWeekdaysAreOff) {
  for (absl::CivilDay swapped :
       {absl::CivilDay(2024, 4, 29), absl::CivilDay(2025, 5, 2),
        absl::CivilDay(2026, 1, 2), absl::CivilDay(2026, 8, 31)}) {
    EXPECT_FALSE(*ShippedCalendar().IsWorkingDay(swapped)) << swapped;
  }
}

TEST(ShippedCalendar, Only2027IsProvisional) {
  for (int year = 2020; year <= 2026; ++year) {
    EXPECT_FALSE(ShippedYear(year).provisional) << year;
  }
  EXPECT_TRUE(ShippedYear(2027).provisional);
}

TEST(ShippedCalendar, EveryYearNamesItsSource) {
  for (int year = 2020; year <= 2027; ++year) {
    EXPECT_FALSE(ShippedYear(year).source.empty()) << year;
  }
}

}  // namespace
}  // namespace motcua::core

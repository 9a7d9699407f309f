// The calendar-year text format: what it accepts, and that it refuses
// everything else with the line at fault.
#include "core/calendar_year.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace motcua::core {
namespace {

using ::testing::HasSubstr;

constexpr absl::string_view kYear2026 = R"(# comment
year 2026
status official
source CV 12729/VPCP-KGVX
off 2026-01-01 2026-01-04 New Year's Day (swap: Fri 01-02 off)
off 2026-04-30 Reunification Day
work 2026-01-10 make-up for Fri 2026-01-02
)";

TEST(CalendarYearFormat, ParsesRangesSingleDaysAndMakeUpDays) {
  absl::StatusOr<CalendarYear> y = ParseCalendarYear(kYear2026);
  ASSERT_TRUE(y.ok()) << y.status();
  EXPECT_EQ(y->year, 2026);
  EXPECT_FALSE(y->provisional);
  EXPECT_EQ(y->source, "CV 12729/VPCP-KGVX");
  ASSERT_EQ(y->days_off.size(), 2u);
  EXPECT_EQ(y->days_off[0].first, absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(y->days_off[0].last, absl::CivilDay(2026, 1, 4));
  EXPECT_EQ(y->days_off[0].note, "New Year's Day (swap: Fri 01-02 off)");
  EXPECT_EQ(y->days_off[1].first, absl::CivilDay(2026, 4, 30));
  EXPECT_EQ(y->days_off[1].last, absl::CivilDay(2026, 4, 30));
  EXPECT_EQ(y->days_off[1].note, "Reunification Day");
  ASSERT_EQ(y->makeup_days.size(), 1u);
  EXPECT_EQ(y->makeup_days[0].day, absl::CivilDay(2026, 1, 10));
}

TEST(CalendarYearFormat, FormatThenParseGivesTheSameYear) {
  absl::StatusOr<CalendarYear> y = ParseCalendarYear(kYear2026);
  ASSERT_TRUE(y.ok());
  absl::StatusOr<CalendarYear> again =
      ParseCalendarYear(FormatCalendarYear(*y));
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(FormatCalendarYear(*again), FormatCalendarYear(*y));
  EXPECT_EQ(again->days_off.size(), 2u);
}

// Found by fuzz/calendar_file_fuzzer: the single day was written alone, so
// its note was read back as the range's last day.
TEST(CalendarYearFormat, KeepsASingleDayWhoseNoteBeginsWithADate) {
  CalendarYear y;
  y.year = 2026;
  y.days_off.push_back({absl::CivilDay(2026, 4, 30),
                        absl::CivilDay(2026, 4, 30),
                        "2026-05-03 is swapped too"});
  absl::StatusOr<CalendarYear> again = ParseCalendarYear(FormatCalendarYear(y));
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_EQ(again->days_off.size(), 1u);
  EXPECT_EQ(again->days_off[0].last, absl::CivilDay(2026, 4, 30));
  EXPECT_EQ(again->days_off[0].note, "2026-05-03 is swapped too");
}

// Found by fuzz/write_request_fuzzer: a line break in a source sent over
// the API was stored, and the stored year no longer parsed (DATA_LOSS).
TEST(CalendarYearValidate, RefusesTextTheFileCannotHold) {
  CalendarYear y;
  y.year = 2026;
  y.source = "CV 1\nwork 2026-01-03";
  EXPECT_EQ(ValidateCalendarYear(y).code(), absl::StatusCode::kInvalidArgument);
  y.source = "CV 1";
  EXPECT_TRUE(ValidateCalendarYear(y).ok());
  for (const char* note : {"Tet\r", " Tet", "Tet ", "T\tet", "T\x01"}) {
    CalendarYear off = y;
    off.days_off.push_back(
        {absl::CivilDay(2026, 2, 16), absl::CivilDay(2026, 2, 20), note});
    EXPECT_EQ(ValidateCalendarYear(off).code(),
              absl::StatusCode::kInvalidArgument)
        << note;
    CalendarYear work = y;
    work.makeup_days.push_back({absl::CivilDay(2026, 1, 10), note});
    EXPECT_EQ(ValidateCalendarYear(work).code(),
              absl::StatusCode::kInvalidArgument)
        << note;
  }
}

TEST(CalendarYearFormat, ProvisionalStatusIsKept) {
  absl::StatusOr<CalendarYear> y =
      ParseCalendarYear("year 2027\nstatus provisional\n");
  ASSERT_TRUE(y.ok());
  EXPECT_TRUE(y->provisional);
}

struct BadInput {
  const char* text;
  const char* message_part;
};

// Names the case by the message it expects, for readable test listings.
void PrintTo(const BadInput& bad, std::ostream* os) { *os << bad.message_part; }

class CalendarYearRejects : public ::testing::TestWithParam<BadInput> {};

TEST_P(CalendarYearRejects, WithMessage) {
  absl::StatusOr<CalendarYear> y = ParseCalendarYear(GetParam().text);
  EXPECT_EQ(y.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(y.status().message()),
              HasSubstr(GetParam().message_part));
}

INSTANTIATE_TEST_SUITE_P(
    BadFiles, CalendarYearRejects,
    ::testing::Values(
        BadInput{"", "no 'year YYYY'"},
        BadInput{"status official\nyear 2026\n", "line 1"},
        BadInput{"year 2026\n", "no 'status"},
        BadInput{"year 2026\nstatus maybe\n", "line 2"},
        BadInput{"year 2026\nstatus official\noff 2026-02-30\n", "line 3"},
        BadInput{"year 2026\nstatus official\noff 2025-12-31\n",
                 "not all in 2026"},
        BadInput{"year 2026\nstatus official\noff 2026-05-03 2026-05-01\n",
                 "end before they start"},
        BadInput{"year 2026\nstatus official\nwork 2026-01-12\n",
                 "is a weekday"},
        BadInput{"year 2026\nstatus official\noff 2026-01-10\n"
                 "work 2026-01-10\n",
                 "both a day off and a working day"},
        BadInput{"year 2026\nstatus official\nholiday 2026-01-01\n",
                 "unknown entry 'holiday'"},
        BadInput{"year 2026\nyear 2027\n", "given twice"},
        BadInput{"year 26\nstatus official\n", "line 1"}));

}  // namespace
}  // namespace motcua::core

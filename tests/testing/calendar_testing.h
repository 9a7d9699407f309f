// Test helpers: the real Vietnamese calendars shipped in data/calendar, and
// instants written as local (Asia/Ho_Chi_Minh) clock times.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "core/calendar_year.h"
#include "core/working_calendar.h"

namespace motcua::testing {

// The shipped calendar file of `year`, parsed; fails the test when missing.
core::CalendarYear ShippedYear(int year);

// The shipped years 2020-2027 with the default national work schedule.
const core::WorkingCalendar& ShippedCalendar();

// The instant of local clock time y-m-d hh:mm:ss in Vietnam (UTC+7).
absl::Time Local(int y, int m, int d, int hh, int mm, int ss = 0);

// "2025-03-19 14:00:00 +07" for readable assertion failures.
std::string LocalString(absl::Time t);

}  // namespace motcua::testing

#include "tests/testing/calendar_testing.h"

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/local_time.h"
#include "gtest/gtest.h"

namespace motcua::testing {

core::CalendarYear ShippedYear(int year) {
  const std::string path =
      absl::StrCat(MOTCUA_DATA_DIR, "/calendar/vn-", year, ".txt");
  std::ifstream in(path);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path;
    return {};
  }
  std::stringstream text;
  text << in.rdbuf();
  absl::StatusOr<core::CalendarYear> parsed =
      core::ParseCalendarYear(text.str());
  if (!parsed.ok()) {
    ADD_FAILURE() << path << ": " << parsed.status();
    return {};
  }
  return *parsed;
}

const core::WorkingCalendar& ShippedCalendar() {
  static const core::WorkingCalendar* calendar = [] {
    std::vector<core::CalendarYear> years;
    for (int y = 2020; y <= 2027; ++y) years.push_back(ShippedYear(y));
    absl::StatusOr<core::WorkingCalendar> c =
        core::WorkingCalendar::Create(core::WorkSchedule::Default(), years);
    if (!c.ok()) ADD_FAILURE() << c.status();
    return new core::WorkingCalendar(*std::move(c));
  }();
  return *calendar;
}

absl::Time Local(int y, int m, int d, int hh, int mm, int ss) {
  return core::FromLocal(absl::CivilSecond(y, m, d, hh, mm, ss));
}

std::string LocalString(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M:%S +07", t, core::VietnamTimeZone());
}

}  // namespace motcua::testing

// Fuzz target: the calendar year file parser (data/calendar/*.txt, and what
// an administrator may load), and the working calendar built from it.
//
// Checks: any text is either refused with InvalidArgument or gives a year
// that validates, that FormatCalendarYear() writes back to text parsing to
// the same year (the round trip calendar_year.h promises), and whose
// working calendar classifies each day as the file says.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/calendar_year.h"
#include "core/working_calendar.h"

namespace motcua::core {
namespace {

[[noreturn]] void Broken(const std::string& what, absl::string_view input) {
  std::fprintf(stderr, "calendar_file_fuzzer: %s\n--- input ---\n%.*s\n",
               what.c_str(), static_cast<int>(input.size()), input.data());
  std::abort();
}

bool SameYear(const CalendarYear& a, const CalendarYear& b) {
  if (a.year != b.year || a.provisional != b.provisional ||
      a.source != b.source || a.days_off.size() != b.days_off.size() ||
      a.makeup_days.size() != b.makeup_days.size()) {
    return false;
  }
  for (size_t i = 0; i < a.days_off.size(); ++i) {
    if (a.days_off[i].first != b.days_off[i].first ||
        a.days_off[i].last != b.days_off[i].last ||
        a.days_off[i].note != b.days_off[i].note) {
      return false;
    }
  }
  for (size_t i = 0; i < a.makeup_days.size(); ++i) {
    if (a.makeup_days[i].day != b.makeup_days[i].day ||
        a.makeup_days[i].note != b.makeup_days[i].note) {
      return false;
    }
  }
  return true;
}

// Every day of the year is a working day exactly when the file makes it
// one: a weekday not off, or a declared make-up day.
void CheckWorkingDays(const CalendarYear& year, absl::string_view input) {
  absl::StatusOr<WorkingCalendar> calendar =
      WorkingCalendar::Create(WorkSchedule::Default(), {year});
  if (!calendar.ok()) {
    Broken("a parsed year is refused by WorkingCalendar: " +
               calendar.status().ToString(),
           input);
  }
  std::set<absl::CivilDay> off, makeup;
  for (const DaysOff& r : year.days_off) {
    for (absl::CivilDay d = r.first; d <= r.last; ++d) off.insert(d);
  }
  for (const MakeupDay& m : year.makeup_days) makeup.insert(m.day);
  for (absl::CivilDay d(year.year, 1, 1); d.year() == year.year; ++d) {
    const absl::Weekday w = absl::GetWeekday(d);
    const bool weekend =
        w == absl::Weekday::saturday || w == absl::Weekday::sunday;
    const bool expected =
        makeup.count(d) > 0 || (!weekend && off.count(d) == 0);
    absl::StatusOr<bool> working = calendar->IsWorkingDay(d);
    if (!working.ok() || *working != expected) {
      Broken(
          "IsWorkingDay disagrees with the file on " + absl::FormatCivilTime(d),
          input);
    }
    absl::StatusOr<absl::CivilDay> next = calendar->NextWorkingDay(d);
    if (next.ok() && *next <= d) {
      Broken("NextWorkingDay does not move forward from " +
                 absl::FormatCivilTime(d),
             input);
    }
  }
}

}  // namespace
}  // namespace motcua::core

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace motcua::core;
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<CalendarYear> year = ParseCalendarYear(input);
  if (!year.ok()) {
    if (!absl::IsInvalidArgument(year.status())) {
      Broken("refused with " + year.status().ToString(), input);
    }
    return 0;
  }
  if (!ValidateCalendarYear(*year).ok()) {
    Broken("a parsed year does not validate", input);
  }
  const std::string text = FormatCalendarYear(*year);
  absl::StatusOr<CalendarYear> again = ParseCalendarYear(text);
  if (!again.ok()) {
    Broken("the formatted year does not parse: " + again.status().ToString() +
               "\n--- formatted ---\n" + text,
           input);
  }
  if (!SameYear(*year, *again)) {
    Broken("parse(format(year)) differs from year\n--- formatted ---\n" + text,
           input);
  }
  CheckWorkingDays(*year, input);
  return 0;
}

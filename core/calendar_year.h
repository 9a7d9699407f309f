// One year of the working calendar as published by the Government: its days
// off (public holidays, bridges, swaps) and its make-up working days.
//
// The text format (one file per year, shipped under data/calendar/):
//
//   # comment
//   year 2026
//   status official              (or: provisional)
//   source CV 12729/VPCP-KGVX    (free text: where the facts come from)
//   off 2026-01-01 2026-01-04 New Year's Day (swap: Fri 01-02 off)
//   off 2026-04-30 Reunification Day      (a single day; the rest is a note)
//   work 2026-01-10 make-up for Fri 2026-01-02
//
// `off FROM [TO] NOTE` declares an inclusive range of days off (weekends in it
// are allowed); `work DAY NOTE` declares a Saturday or Sunday working. Every
// date must fall in the file's year, and no day may be both off and working.
// The source and the notes are single lines of text: no control characters,
// no blanks at either end (the store keeps years in this form, so a year
// built elsewhere must fit it too).
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"

namespace motcua::core {

struct DaysOff {
  absl::CivilDay first;
  absl::CivilDay last;  // inclusive
  std::string note;
};

struct MakeupDay {
  absl::CivilDay day;
  std::string note;
};

struct CalendarYear {
  int year = 0;
  // Provisional: statutory holidays only, the Government's arrangement for
  // the year not yet announced. Due dates are still computed, and callers can
  // warn that they may move.
  bool provisional = false;
  std::string source;
  std::vector<DaysOff> days_off;
  std::vector<MakeupDay> makeup_days;
};

// Parses and validates the text format above. Errors are InvalidArgument and
// name the line.
absl::StatusOr<CalendarYear> ParseCalendarYear(absl::string_view text);

// Checks the invariants ParseCalendarYear() enforces, for a year built in
// code or received over the API.
absl::Status ValidateCalendarYear(const CalendarYear& year);

// The text form of `year`; ParseCalendarYear(FormatCalendarYear(y)) == y.
std::string FormatCalendarYear(const CalendarYear& year);

}  // namespace motcua::core

#include "core/calendar_year.h"

#include <set>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "core/status_macros.h"

namespace motcua::core {
namespace {

// Splits off the first whitespace-delimited word of `*rest`.
absl::string_view TakeWord(absl::string_view* rest) {
  *rest = absl::StripLeadingAsciiWhitespace(*rest);
  size_t end = rest->find_first_of(" \t");
  absl::string_view word = rest->substr(0, end);
  rest->remove_prefix(end == absl::string_view::npos ? rest->size() : end);
  *rest = absl::StripLeadingAsciiWhitespace(*rest);
  return word;
}

bool ParseIsoDay(absl::string_view text, absl::CivilDay* day) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(text.substr(0, 4), &y) ||
      !absl::SimpleAtoi(text.substr(5, 2), &m) ||
      !absl::SimpleAtoi(text.substr(8, 2), &d)) {
    return false;
  }
  absl::CivilDay parsed(y, m, d);
  // CivilDay normalises 2026-02-30 to March: refuse instead.
  if (parsed.year() != y || parsed.month() != m || parsed.day() != d) {
    return false;
  }
  *day = parsed;
  return true;
}

std::string IsoDay(absl::CivilDay d) {
  return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
}

// Whether `text` is one line the file format carries unchanged: no line
// breaks or other control characters (a '\n' would start another entry),
// and no blanks at either end (the parser trims them).
bool IsOneLine(absl::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return text.empty() ||
         (!absl::ascii_isspace(static_cast<unsigned char>(text.front())) &&
          !absl::ascii_isspace(static_cast<unsigned char>(text.back())));
}

// Whether the parser would read the start of `note` as a range's last day.
bool StartsWithIsoDay(absl::string_view note) {
  absl::CivilDay ignored;
  return ParseIsoDay(TakeWord(&note), &ignored);
}

bool IsWeekend(absl::CivilDay d) {
  absl::Weekday w = absl::GetWeekday(d);
  return w == absl::Weekday::saturday || w == absl::Weekday::sunday;
}

}  // namespace

absl::Status ValidateCalendarYear(const CalendarYear& y) {
  if (y.year < 1970 || y.year > 9999) {
    return absl::InvalidArgumentError(
        absl::StrCat("calendar year ", y.year, " is out of range"));
  }
  if (!IsOneLine(y.source)) {
    return absl::InvalidArgumentError(
        "calendar source must be one line of text, without control "
        "characters or blanks at either end");
  }
  std::set<absl::CivilDay> off;
  for (const DaysOff& range : y.days_off) {
    if (range.first.year() != y.year || range.last.year() != y.year) {
      return absl::InvalidArgumentError(
          absl::StrCat("days off ", IsoDay(range.first), "..",
                       IsoDay(range.last), " are not all in ", y.year));
    }
    if (range.last < range.first) {
      return absl::InvalidArgumentError(
          absl::StrCat("days off ", IsoDay(range.first), "..",
                       IsoDay(range.last), " end before they start"));
    }
    if (!IsOneLine(range.note)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the note of days off ", IsoDay(range.first),
          " must be one line of text, without control characters or blanks "
          "at either end"));
    }
    // Each day once: a year listing a day twice is a mistake, and 100,000
    // copies of one range must not cost 100,000 times the work.
    for (absl::CivilDay d = range.first; d <= range.last; ++d) {
      if (!off.insert(d).second) {
        return absl::InvalidArgumentError(
            absl::StrCat("day off ", IsoDay(d), " is listed more than once"));
      }
    }
  }
  std::set<absl::CivilDay> seen_makeup;
  for (const MakeupDay& m : y.makeup_days) {
    if (m.day.year() != y.year) {
      return absl::InvalidArgumentError(absl::StrCat(
          "make-up working day ", IsoDay(m.day), " is not in ", y.year));
    }
    if (!IsWeekend(m.day)) {
      return absl::InvalidArgumentError(
          absl::StrCat("make-up working day ", IsoDay(m.day),
                       " is a weekday, which is a working day already"));
    }
    if (!IsOneLine(m.note)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the note of make-up working day ", IsoDay(m.day),
          " must be one line of text, without control characters or blanks "
          "at either end"));
    }
    if (off.count(m.day) > 0) {
      return absl::InvalidArgumentError(absl::StrCat(
          IsoDay(m.day), " is declared both a day off and a working day"));
    }
    if (!seen_makeup.insert(m.day).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "make-up working day ", IsoDay(m.day), " is given twice"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<CalendarYear> ParseCalendarYear(absl::string_view text) {
  CalendarYear result;
  bool have_year = false, have_status = false;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty() || line[0] == '#') continue;
    auto error = [&](absl::string_view what) {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar line ", line_number, ": ", what));
    };
    absl::string_view rest = line;
    const absl::string_view keyword = TakeWord(&rest);
    if (keyword != "year" && !have_year) {
      return error("the first entry must be 'year YYYY'");
    }
    if (keyword == "year") {
      if (have_year) return error("'year' is given twice");
      absl::string_view word = TakeWord(&rest);
      if (word.size() != 4 || !absl::SimpleAtoi(word, &result.year) ||
          !rest.empty()) {
        return error(absl::StrCat("'", line, "' is not 'year YYYY'"));
      }
      have_year = true;
    } else if (keyword == "status") {
      if (have_status) return error("'status' is given twice");
      if (rest == "official") {
        result.provisional = false;
      } else if (rest == "provisional") {
        result.provisional = true;
      } else {
        return error("status must be 'official' or 'provisional'");
      }
      have_status = true;
    } else if (keyword == "source") {
      result.source = std::string(rest);
    } else if (keyword == "off") {
      DaysOff range;
      if (!ParseIsoDay(TakeWord(&rest), &range.first)) {
        return error("'off' needs a date YYYY-MM-DD");
      }
      range.last = range.first;
      absl::string_view after_first = rest;
      absl::string_view maybe_last = TakeWord(&rest);
      if (!ParseIsoDay(maybe_last, &range.last)) rest = after_first;
      range.note = std::string(rest);
      result.days_off.push_back(std::move(range));
    } else if (keyword == "work") {
      MakeupDay day;
      if (!ParseIsoDay(TakeWord(&rest), &day.day)) {
        return error("'work' needs a date YYYY-MM-DD");
      }
      day.note = std::string(rest);
      result.makeup_days.push_back(std::move(day));
    } else {
      return error(
          absl::StrCat("unknown entry '", keyword,
                       "' (expected year, status, source, off, work)"));
    }
  }
  if (!have_year) {
    return absl::InvalidArgumentError("calendar has no 'year YYYY' entry");
  }
  if (!have_status) {
    return absl::InvalidArgumentError(
        "calendar has no 'status official|provisional' entry");
  }
  MOTCUA_RETURN_IF_ERROR(ValidateCalendarYear(result));
  return result;
}

std::string FormatCalendarYear(const CalendarYear& y) {
  std::vector<std::string> lines;
  lines.push_back(absl::StrCat("year ", y.year));
  lines.push_back(
      absl::StrCat("status ", y.provisional ? "provisional" : "official"));
  if (!y.source.empty()) lines.push_back(absl::StrCat("source ", y.source));
  for (const DaysOff& r : y.days_off) {
    std::string line = absl::StrCat("off ", IsoDay(r.first));
    // A single day is written alone, unless its note would then be read
    // as the range's last day.
    if (r.last != r.first || StartsWithIsoDay(r.note)) {
      absl::StrAppend(&line, " ", IsoDay(r.last));
    }
    if (!r.note.empty()) absl::StrAppend(&line, " ", r.note);
    lines.push_back(std::move(line));
  }
  for (const MakeupDay& m : y.makeup_days) {
    std::string line = absl::StrCat("work ", IsoDay(m.day));
    if (!m.note.empty()) absl::StrAppend(&line, " ", m.note);
    lines.push_back(std::move(line));
  }
  return absl::StrCat(absl::StrJoin(lines, "\n"), "\n");
}

}  // namespace motcua::core

// The calendar and settings commands: due-date preview, the years of days
// off, and the deployment's rules.
#include <iostream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/cli_command.h"
#include "client/cli_convert.h"
#include "client/cli_output.h"
#include "core/calendar_year.h"
#include "core/status_macros.h"

namespace motcua::client {
namespace {

absl::Status RunCalendarPreview(Client& client, const cmdline::Flags& a,
                                bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string code, Positional(a, 0, "PROCEDURE"));
  v1::PreviewDueDateRequest r;
  r.set_procedure_code(code);
  if (a.Has("at")) {
    MOTCUA_ASSIGN_OR_RETURN(google::protobuf::Timestamp at,
                            ParseInstant(a.GetString("at"), "at"));
    *r.mutable_received_at() = at;
  }
  return Show<v1::PreviewDueDateResponse>(
      client.Call(&v1::CalendarService::Stub::PreviewDueDate,
                  *client.calendar(), r),
      json, [](const v1::PreviewDueDateResponse& p) {
        std::cout << "due " << LocalTime(p.due_at(), true)
                  << (p.provisional() ? " (provisional calendar)" : "") << "\n";
      });
}

absl::Status RunCalendarYears(Client& client, const cmdline::Flags&,
                              bool json) {
  return Show<v1::ListCalendarYearsResponse>(
      client.Call(&v1::CalendarService::Stub::ListCalendarYears,
                  *client.calendar(), v1::ListCalendarYearsRequest()),
      json, [](const v1::ListCalendarYearsResponse& list) {
        std::vector<std::vector<std::string>> rows;
        for (const v1::CalendarYear& y : list.years()) {
          rows.push_back({absl::StrCat(y.year()),
                          y.provisional() ? "provisional" : "official",
                          absl::StrCat(y.days_off_size()),
                          absl::StrCat(y.makeup_days_size()), y.source()});
        }
        PrintTable(std::cout,
                   {"year", "status", "periods off", "make-up days", "source"},
                   rows);
      });
}

absl::Status RunCalendarGet(Client& client, const cmdline::Flags& a,
                            bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string year_text, Positional(a, 0, "YEAR"));
  int year = 0;
  if (!absl::SimpleAtoi(year_text, &year)) return Usage("YEAR is a number");
  v1::GetCalendarYearRequest r;
  r.set_year(year);
  return Show<v1::CalendarYear>(
      client.Call(&v1::CalendarService::Stub::GetCalendarYear,
                  *client.calendar(), r),
      json, [](const v1::CalendarYear& y) {
        std::cout << y.year() << (y.provisional() ? " (provisional)" : "")
                  << " - " << y.source() << "\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& off : y.days_off()) {
          rows.push_back({"off", DateString(off.first()),
                          DateString(off.last()), off.note()});
        }
        for (const auto& m : y.makeup_days()) {
          rows.push_back({"work", DateString(m.day()), "", m.note()});
        }
        PrintTable(std::cout, {"kind", "from", "to", "note"}, rows);
      });
}

absl::Status RunCalendarPut(Client& client, const cmdline::Flags& a,
                            bool json) {
  MOTCUA_ASSIGN_OR_RETURN(std::string path, Positional(a, 0, "FILE.txt"));
  MOTCUA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  absl::StatusOr<core::CalendarYear> year = core::ParseCalendarYear(text);
  if (!year.ok()) {
    return Usage(absl::StrCat(path, ": ", year.status().message()));
  }
  v1::PutCalendarYearRequest r;
  v1::CalendarYear* y = r.mutable_year();
  y->set_year(year->year);
  y->set_provisional(year->provisional);
  y->set_source(year->source);
  for (const core::DaysOff& off : year->days_off) {
    v1::CalendarYear::DaysOff* o = y->add_days_off();
    *o->mutable_first() = ToDate(off.first);
    *o->mutable_last() = ToDate(off.last);
    o->set_note(off.note);
  }
  for (const core::MakeupDay& m : year->makeup_days) {
    v1::CalendarYear::MakeupDay* o = y->add_makeup_days();
    *o->mutable_day() = ToDate(m.day);
    o->set_note(m.note);
  }
  return Show<v1::CalendarYear>(
      client.Call(&v1::CalendarService::Stub::PutCalendarYear,
                  *client.calendar(), r),
      json, [](const v1::CalendarYear& stored) {
        std::cout << "calendar " << stored.year() << " replaced\n";
      });
}

absl::Status RunSettingsGet(Client& client, const cmdline::Flags&, bool json) {
  return Show<v1::Settings>(
      client.Call(&v1::CalendarService::Stub::GetSettings, *client.calendar(),
                  v1::GetSettingsRequest()),
      json, [](const v1::Settings& st) {
        std::cout << "supplement rule: "
                  << v1::Settings::SupplementRule_Name(st.supplement_rule())
                  << "\ngranularity: "
                  << v1::Settings::Granularity_Name(st.granularity())
                  << "\nworking hours:\n"
                  << st.work_schedule();
      });
}

absl::Status RunSettingsSet(Client& client, const cmdline::Flags& a,
                            bool json) {
  MOTCUA_ASSIGN_OR_RETURN(
      v1::Settings current,
      client.Call(&v1::CalendarService::Stub::GetSettings, *client.calendar(),
                  v1::GetSettingsRequest()));
  v1::UpdateSettingsRequest r;
  *r.mutable_settings() = current;
  if (a.Has("supplement-rule")) {
    MOTCUA_ASSIGN_OR_RETURN(
        v1::Settings::SupplementRule rule,
        ParseEnum<v1::Settings::SupplementRule>(
            a.GetString("supplement-rule"), "supplement-rule",
            v1::Settings::SupplementRule_Parse));
    r.mutable_settings()->set_supplement_rule(rule);
  }
  if (a.Has("granularity")) {
    MOTCUA_ASSIGN_OR_RETURN(v1::Settings::Granularity g,
                            ParseEnum<v1::Settings::Granularity>(
                                a.GetString("granularity"), "granularity",
                                v1::Settings::Granularity_Parse));
    r.mutable_settings()->set_granularity(g);
  }
  if (a.Has("work-schedule")) {
    r.mutable_settings()->set_work_schedule(a.GetString("work-schedule"));
  }
  return Show<v1::Settings>(
      client.Call(&v1::CalendarService::Stub::UpdateSettings,
                  *client.calendar(), r),
      json, [](const v1::Settings&) { std::cout << "settings updated\n"; });
}

}  // namespace

void AddCalendarCommands(CommandTable* table) {
  (*table)["calendar preview"] = {
      "calendar preview PROCEDURE [--at=TIME]\n"
      "  The due date a receipt would show for PROCEDURE received now (or at).",
      {"at"},
      RunCalendarPreview};
  (*table)["calendar years"] = {
      "calendar years\n  Lists the loaded calendar years.",
      {},
      RunCalendarYears};
  (*table)["calendar get"] = {
      "calendar get YEAR\n  Shows a year's days off and make-up working days.",
      {},
      RunCalendarGet};
  (*table)["calendar put"] = {
      "calendar put FILE.txt\n"
      "  Replaces a year's calendar from a file in the format of\n"
      "  data/calendar/README.md (when the Government announces the year).",
      {},
      RunCalendarPut};
  (*table)["settings get"] = {
      "settings get\n  Shows the deployment's rules and working hours.",
      {},
      RunSettingsGet};
  (*table)["settings set"] = {
      "settings set [--supplement-rule=PAUSE|RESTART] "
      "[--granularity=DATE|INSTANT] [--work-schedule=TEXT]\n"
      "  Changes the deployment's rules (granularity is fixed once dossiers "
      "exist).",
      {"supplement-rule", "granularity", "work-schedule"},
      RunSettingsSet};
}

}  // namespace motcua::client

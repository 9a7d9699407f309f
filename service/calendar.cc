#include "service/calendar.h"

#include "absl/strings/str_cat.h"
#include "core/local_time.h"
#include "core/status_macros.h"

namespace motcua::service {

Calendar::Calendar(storage::Store& store, DomainState& domain,
                   CatalogueState& catalogue, std::function<absl::Time()> clock)
    : store_(store),
      domain_(domain),
      catalogue_(catalogue),
      clock_(std::move(clock)) {}

absl::StatusOr<core::CalendarYear> Calendar::GetYear(int year) {
  MOTCUA_ASSIGN_OR_RETURN(const std::vector<core::CalendarYear> years,
                          store_.ListCalendarYears());
  for (const core::CalendarYear& y : years) {
    if (y.year == year) return y;
  }
  return absl::NotFoundError(absl::StrCat("no calendar is loaded for ", year));
}

absl::StatusOr<std::vector<core::CalendarYear>> Calendar::ListYears() {
  return store_.ListCalendarYears();
}

absl::StatusOr<core::CalendarYear> Calendar::PutYear(
    const core::Principal& caller, const core::CalendarYear& year) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, "replace calendars"));
  MOTCUA_RETURN_IF_ERROR(store_.PutCalendarYear(year));
  MOTCUA_RETURN_IF_ERROR(domain_.Reload());
  return year;
}

absl::StatusOr<core::Settings> Calendar::GetSettings() {
  return store_.GetSettings();
}

absl::StatusOr<core::Settings> Calendar::UpdateSettings(
    const core::Principal& caller, const core::Settings& settings) {
  MOTCUA_RETURN_IF_ERROR(core::CheckIsAdmin(caller, "change the settings"));
  MOTCUA_RETURN_IF_ERROR(store_.PutSettings(settings));
  MOTCUA_RETURN_IF_ERROR(domain_.Reload());
  return settings;
}

absl::StatusOr<DueDatePreview> Calendar::PreviewDueDate(
    const std::string& procedure_code, std::optional<absl::Time> received_at) {
  const absl::Time at = received_at.value_or(clock_());
  const absl::CivilDay day = core::LocalDay(at);
  const core::Procedure* procedure =
      catalogue_.Get()->ProcedureOn(procedure_code, day);
  if (procedure == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        "procedure_code: procedure '", procedure_code,
        "' does not exist or is not in force on ", absl::FormatCivilTime(day)));
  }
  const std::shared_ptr<const Domain> domain = domain_.Get();
  DueDatePreview out;
  MOTCUA_ASSIGN_OR_RETURN(out.due_at,
                          core::ComputeDueInstant(domain->calendar, at,
                                                  procedure->processing_time));
  out.due_date = core::LocalDay(out.due_at);
  out.provisional =
      domain->calendar.IsProvisional(static_cast<int>(out.due_date.year()))
          .value_or(true);
  out.processing_time = procedure->processing_time;
  return out;
}

}  // namespace motcua::service

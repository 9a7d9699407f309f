#include "server/calendar_service.h"

#include "absl/strings/str_cat.h"
#include "core/due_date.h"
#include "core/local_time.h"
#include "server/api_codec.h"
#include "server/call_context.h"
#include "server/service_support.h"

namespace motcua::server {

CalendarServiceImpl::CalendarServiceImpl(storage::Store& store,
                                         DomainState& domain,
                                         std::function<absl::Time()> clock)
    : store_(store), domain_(domain), clock_(std::move(clock)) {}

grpc::ServerUnaryReactor* CalendarServiceImpl::GetCalendarYear(
    grpc::CallbackServerContext* c, const v1::GetCalendarYearRequest* r,
    v1::CalendarYear* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller = CallerOf(*c, store_);
    if (!caller.ok()) return caller.status();
    absl::StatusOr<std::vector<core::CalendarYear>> years =
        store_.ListCalendarYears();
    if (!years.ok()) return years.status();
    for (const core::CalendarYear& y : *years) {
      if (y.year == r->year()) {
        ToProto(y, out);
        return absl::OkStatus();
      }
    }
    return absl::NotFoundError(
        absl::StrCat("no calendar is loaded for ", r->year()));
  });
}

grpc::ServerUnaryReactor* CalendarServiceImpl::ListCalendarYears(
    grpc::CallbackServerContext* c, const v1::ListCalendarYearsRequest*,
    v1::ListCalendarYearsResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller = CallerOf(*c, store_);
    if (!caller.ok()) return caller.status();
    absl::StatusOr<std::vector<core::CalendarYear>> years =
        store_.ListCalendarYears();
    if (!years.ok()) return years.status();
    for (const core::CalendarYear& y : *years) ToProto(y, out->add_years());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CalendarServiceImpl::PutCalendarYear(
    grpc::CallbackServerContext* c, const v1::PutCalendarYearRequest* r,
    v1::CalendarYear* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller =
        AdminCaller(*c, store_, "replace calendars");
    if (!caller.ok()) return caller.status();
    absl::StatusOr<core::CalendarYear> year = FromProto(r->year());
    if (!year.ok()) return year.status();
    absl::Status s = store_.PutCalendarYear(*year);
    if (!s.ok()) return s;
    s = domain_.Reload();
    if (!s.ok()) return s;
    ToProto(*year, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CalendarServiceImpl::GetSettings(
    grpc::CallbackServerContext* c, const v1::GetSettingsRequest*,
    v1::Settings* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller = CallerOf(*c, store_);
    if (!caller.ok()) return caller.status();
    absl::StatusOr<core::Settings> settings = store_.GetSettings();
    if (!settings.ok()) return settings.status();
    ToProto(*settings, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CalendarServiceImpl::UpdateSettings(
    grpc::CallbackServerContext* c, const v1::UpdateSettingsRequest* r,
    v1::Settings* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller =
        AdminCaller(*c, store_, "change the settings");
    if (!caller.ok()) return caller.status();
    absl::StatusOr<core::Settings> settings = FromProto(r->settings());
    if (!settings.ok()) return settings.status();
    absl::Status s = store_.PutSettings(*settings);
    if (!s.ok()) return s;
    s = domain_.Reload();
    if (!s.ok()) return s;
    ToProto(*settings, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CalendarServiceImpl::PreviewDueDate(
    grpc::CallbackServerContext* c, const v1::PreviewDueDateRequest* r,
    v1::PreviewDueDateResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    absl::StatusOr<core::Principal> caller = CallerOf(*c, store_);
    if (!caller.ok()) return caller.status();
    absl::StatusOr<std::optional<absl::Time>> given =
        FromProto(r->received_at(), r->has_received_at(), "received_at");
    if (!given.ok()) return given.status();
    const absl::Time at = given->value_or(clock_());
    absl::StatusOr<core::Procedure> procedure =
        store_.GetProcedure(r->procedure_code(), core::LocalDay(at));
    if (!procedure.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("procedure_code: ", procedure.status().message()));
    }
    const std::shared_ptr<const Domain> domain = domain_.Get();
    absl::StatusOr<absl::Time> due = core::ComputeDueInstant(
        domain->calendar, at, procedure->processing_time);
    if (!due.ok()) return due.status();
    const absl::CivilDay due_day = core::LocalDay(*due);
    ToProto(*due, out->mutable_due_at());
    ToProto(due_day, out->mutable_due_date());
    out->set_provisional(
        domain->calendar.IsProvisional(static_cast<int>(due_day.year()))
            .value_or(true));
    *out->mutable_processing_time() = ToProto(procedure->processing_time);
    return absl::OkStatus();
  });
}

}  // namespace motcua::server

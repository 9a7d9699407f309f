#include "server/calendar_service.h"

#include "core/status_macros.h"
#include "server/api_codec.h"
#include "server/call_context.h"
#include "server/service_support.h"

namespace motcua::server {

grpc::ServerUnaryReactor* CalendarServiceImpl::GetCalendarYear(
    grpc::CallbackServerContext* c, const v1::GetCalendarYearRequest* r,
    v1::CalendarYear* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_RETURN_IF_ERROR(CallerOf(*c, app_).status());
    MOTCUA_ASSIGN_OR_RETURN(const core::CalendarYear year,
                            app_.calendar().GetYear(r->year()));
    ToProto(year, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CalendarServiceImpl::ListCalendarYears(
    grpc::CallbackServerContext* c, const v1::ListCalendarYearsRequest*,
    v1::ListCalendarYearsResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_RETURN_IF_ERROR(CallerOf(*c, app_).status());
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<core::CalendarYear> years,
                            app_.calendar().ListYears());
    for (const core::CalendarYear& y : years) ToProto(y, out->add_years());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CalendarServiceImpl::PutCalendarYear(
    grpc::CallbackServerContext* c, const v1::PutCalendarYearRequest* r,
    v1::CalendarYear* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const core::CalendarYear year,
                            FromProto(r->year()));
    MOTCUA_ASSIGN_OR_RETURN(const core::CalendarYear stored,
                            app_.calendar().PutYear(caller, year));
    ToProto(stored, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CalendarServiceImpl::GetSettings(
    grpc::CallbackServerContext* c, const v1::GetSettingsRequest*,
    v1::Settings* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_RETURN_IF_ERROR(CallerOf(*c, app_).status());
    MOTCUA_ASSIGN_OR_RETURN(const core::Settings settings,
                            app_.calendar().GetSettings());
    ToProto(settings, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CalendarServiceImpl::UpdateSettings(
    grpc::CallbackServerContext* c, const v1::UpdateSettingsRequest* r,
    v1::Settings* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller, CallerOf(*c, app_));
    MOTCUA_ASSIGN_OR_RETURN(const core::Settings settings,
                            FromProto(r->settings()));
    MOTCUA_ASSIGN_OR_RETURN(const core::Settings stored,
                            app_.calendar().UpdateSettings(caller, settings));
    ToProto(stored, out);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* CalendarServiceImpl::PreviewDueDate(
    grpc::CallbackServerContext* c, const v1::PreviewDueDateRequest* r,
    v1::PreviewDueDateResponse* out) {
  return Respond(c, [&]() -> absl::Status {
    MOTCUA_RETURN_IF_ERROR(CallerOf(*c, app_).status());
    MOTCUA_ASSIGN_OR_RETURN(
        const std::optional<absl::Time> received_at,
        FromProto(r->received_at(), r->has_received_at(), "received_at"));
    MOTCUA_ASSIGN_OR_RETURN(
        const service::DueDatePreview preview,
        app_.calendar().PreviewDueDate(r->procedure_code(), received_at));
    ToProto(preview.due_at, out->mutable_due_at());
    ToProto(preview.due_date, out->mutable_due_date());
    out->set_provisional(preview.provisional);
    *out->mutable_processing_time() = ToProto(preview.processing_time);
    return absl::OkStatus();
  });
}

}  // namespace motcua::server

// motcua.v1.CalendarService: the working calendar, the deployment's rules
// and due-date previews. Reads need any valid token; writes need ADMIN and
// reload the shared calendar.
#pragma once

#include "motcua/v1/calendar_service.grpc.pb.h"
#include "service/application.h"

namespace motcua::server {

class CalendarServiceImpl final : public v1::CalendarService::CallbackService {
 public:
  explicit CalendarServiceImpl(service::Application& app) : app_(app) {}

  grpc::ServerUnaryReactor* GetCalendarYear(grpc::CallbackServerContext* c,
                                            const v1::GetCalendarYearRequest* r,
                                            v1::CalendarYear* out) override;
  grpc::ServerUnaryReactor* ListCalendarYears(
      grpc::CallbackServerContext* c, const v1::ListCalendarYearsRequest* r,
      v1::ListCalendarYearsResponse* out) override;
  grpc::ServerUnaryReactor* PutCalendarYear(grpc::CallbackServerContext* c,
                                            const v1::PutCalendarYearRequest* r,
                                            v1::CalendarYear* out) override;
  grpc::ServerUnaryReactor* GetSettings(grpc::CallbackServerContext* c,
                                        const v1::GetSettingsRequest* r,
                                        v1::Settings* out) override;
  grpc::ServerUnaryReactor* UpdateSettings(grpc::CallbackServerContext* c,
                                           const v1::UpdateSettingsRequest* r,
                                           v1::Settings* out) override;
  grpc::ServerUnaryReactor* PreviewDueDate(
      grpc::CallbackServerContext* c, const v1::PreviewDueDateRequest* r,
      v1::PreviewDueDateResponse* out) override;

 private:
  service::Application& app_;
};

}  // namespace motcua::server

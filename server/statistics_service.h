// motcua.v1.StatisticsService: each handler authenticates, decodes, calls
// service::Statistics and encodes (callback API).
#pragma once

#include "motcua/v1/statistics_service.grpc.pb.h"
#include "server/worker_pool.h"
#include "service/application.h"

namespace motcua::server {

// Dossiers per ExportDossiers message (the proto promises at most 500).
inline constexpr int kExportMessageSize = 500;

class StatisticsServiceImpl final
    : public v1::StatisticsService::CallbackService {
 public:
  // `readers`: where reads run (RespondRead); null: on gRPC's threads.
  StatisticsServiceImpl(service::Application& app, WorkerPool* readers)
      : app_(app), readers_(readers) {}

  grpc::ServerUnaryReactor* GetReport(grpc::CallbackServerContext* c,
                                      const v1::GetReportRequest* r,
                                      v1::Report* out) override;
  grpc::ServerUnaryReactor* GetRates(grpc::CallbackServerContext* c,
                                     const v1::GetRatesRequest* r,
                                     v1::RatesReport* out) override;
  grpc::ServerUnaryReactor* GetOnlineProcedureRatios(
      grpc::CallbackServerContext* c,
      const v1::GetOnlineProcedureRatiosRequest* r,
      v1::OnlineProcedureRatios* out) override;
  grpc::ServerUnaryReactor* ListReportDossiers(
      grpc::CallbackServerContext* c, const v1::ListReportDossiersRequest* r,
      v1::ListReportDossiersResponse* out) override;
  grpc::ServerUnaryReactor* ListDeadlineWarnings(
      grpc::CallbackServerContext* c, const v1::ListDeadlineWarningsRequest* r,
      v1::ListDeadlineWarningsResponse* out) override;
  // Streams the period's dossiers of the scope, kExportMessageSize per
  // message (the last may hold fewer), in reception order.
  grpc::ServerWriteReactor<v1::ExportDossiersResponse>* ExportDossiers(
      grpc::CallbackServerContext* c,
      const v1::ExportDossiersRequest* r) override;

 private:
  service::Application& app_;
  WorkerPool* const readers_;
};

}  // namespace motcua::server

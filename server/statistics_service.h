// motcua.v1.StatisticsService: report form 06 and dashboard rates.
#pragma once

#include <functional>

#include "absl/time/time.h"
#include "motcua/v1/statistics_service.grpc.pb.h"
#include "storage/store.h"

namespace motcua::server {

// Dossiers per ExportDossiers message (the proto promises at most 500).
inline constexpr int kExportMessageSize = 500;

class StatisticsServiceImpl final
    : public v1::StatisticsService::CallbackService {
 public:
  StatisticsServiceImpl(storage::Store& store,
                        std::function<absl::Time()> clock);

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
  // Streams the period's dossiers of the scope, kExportMessageSize per
  // message (the last may hold fewer), in reception order.
  grpc::ServerWriteReactor<v1::ExportDossiersResponse>* ExportDossiers(
      grpc::CallbackServerContext* c,
      const v1::ExportDossiersRequest* r) override;

 private:
  storage::Store& store_;
  std::function<absl::Time()> clock_;
};

}  // namespace motcua::server

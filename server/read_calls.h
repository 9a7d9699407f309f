// The read calls of motcua.v1, free of any transport: each decodes its
// request (server/api_codec.h), asks the application layer as `caller` and
// encodes the answer into the same message the gRPC API answers. The gRPC
// services (server/*_service.cc) and the JSON API (server/web_api.h) both
// answer through these, so both give the same answers and the same
// refusals. The transport authenticates the caller first (as every gRPC
// handler does before it decodes anything).
#pragma once

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "core/access.h"
#include "motcua/v1/catalogue_service.pb.h"
#include "motcua/v1/dossier_service.pb.h"
#include "motcua/v1/statistics_service.pb.h"
#include "service/application.h"

namespace motcua::server {

// ---- StatisticsService ----

// The scope and period every statistics call starts from, decoded
// (InvalidArgument naming "scope", "period.from" or "period.to").
struct StatisticsQuery {
  core::Scope scope;
  service::Period period;
};
absl::StatusOr<StatisticsQuery> StatisticsQueryOf(const v1::Scope& scope,
                                                  const v1::Period& period);

absl::Status GetReport(service::Application& app, const core::Principal& caller,
                       const v1::GetReportRequest& request, v1::Report* out);
absl::Status GetRates(service::Application& app, const core::Principal& caller,
                      const v1::GetRatesRequest& request, v1::RatesReport* out);
absl::Status GetOnlineProcedureRatios(
    service::Application& app, const core::Principal& caller,
    const v1::GetOnlineProcedureRatiosRequest& request,
    v1::OnlineProcedureRatios* out);
// The dossiers behind one number of form 06 (the drill-down).
absl::Status ListReportDossiers(service::Application& app,
                                const core::Principal& caller,
                                const v1::ListReportDossiersRequest& request,
                                v1::ListReportDossiersResponse* out);
// Early warnings: the scope's open dossiers overdue or due soon, and the
// inter-agency steps, under the agency holding each.
absl::Status ListDeadlineWarnings(
    service::Application& app, const core::Principal& caller,
    const v1::ListDeadlineWarningsRequest& request,
    v1::ListDeadlineWarningsResponse* out);

// ---- DossierService ----

// A dossier as `caller` may see it (the applicant only with personal data).
void ToProto(const service::DossierView& view, v1::Dossier* out);

absl::Status GetDossier(service::Application& app,
                        const core::Principal& caller,
                        const v1::GetDossierRequest& request,
                        v1::DossierWithHistory* out);
absl::Status ListDossiers(service::Application& app,
                          const core::Principal& caller,
                          const v1::ListDossiersRequest& request,
                          v1::ListDossiersResponse* out);
// Public: no caller. `client_address` ("ipv4:192.0.2.7") keys the lookup's
// per-address rate limit, shared by every transport.
absl::Status LookupDossierStatus(service::Application& app,
                                 const v1::LookupDossierStatusRequest& request,
                                 const std::string& client_address,
                                 v1::PublicDossierStatus* out);

// ---- CatalogueService: any authenticated caller may read ----

absl::Status GetUnit(service::Application& app, const core::Principal& caller,
                     const v1::GetCatalogueEntryRequest& request,
                     v1::Unit* out);
absl::Status GetAgency(service::Application& app, const core::Principal& caller,
                       const v1::GetCatalogueEntryRequest& request,
                       v1::Agency* out);
absl::Status GetProcedure(service::Application& app,
                          const core::Principal& caller,
                          const v1::GetCatalogueEntryRequest& request,
                          v1::Procedure* out);
absl::Status ListUnits(service::Application& app, const core::Principal& caller,
                       const v1::ListCatalogueRequest& request,
                       v1::ListUnitsResponse* out);
absl::Status ListAgencies(service::Application& app,
                          const core::Principal& caller,
                          const v1::ListCatalogueRequest& request,
                          v1::ListAgenciesResponse* out);
absl::Status ListFields(service::Application& app,
                        const core::Principal& caller,
                        const v1::ListCatalogueRequest& request,
                        v1::ListFieldsResponse* out);
absl::Status ListProcedures(service::Application& app,
                            const core::Principal& caller,
                            const v1::ListCatalogueRequest& request,
                            v1::ListProceduresResponse* out);

}  // namespace motcua::server

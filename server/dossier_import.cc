// DossierService.ImportDossiers: each line read into the application's
// HistoricalInput (server/historical_input.h; what cannot be read refuses
// that line only), then service::Dossiers::Import.
#include "core/status_macros.h"
#include "server/call_context.h"
#include "server/dossier_service.h"
#include "server/historical_input.h"
#include "server/service_support.h"

namespace motcua::server {
namespace {

v1::ImportDossiersResponse::Result::Outcome OutcomeOf(
    service::ImportOutcome o) {
  switch (o) {
    case service::ImportOutcome::kImported:
      return v1::ImportDossiersResponse::Result::IMPORTED;
    case service::ImportOutcome::kUnchanged:
      return v1::ImportDossiersResponse::Result::UNCHANGED;
    case service::ImportOutcome::kRefused:
      break;
  }
  return v1::ImportDossiersResponse::Result::REFUSED;
}

}  // namespace

grpc::ServerUnaryReactor* DossierServiceImpl::ImportDossiers(
    grpc::CallbackServerContext* context,
    const v1::ImportDossiersRequest* request,
    v1::ImportDossiersResponse* response) {
  return RespondOnWorkers(context, writers_, [=]() -> absl::Status {
    MOTCUA_ASSIGN_OR_RETURN(const core::Principal caller,
                            CallerOf(*context, app_));
    std::vector<service::HistoricalInput> inputs;
    inputs.reserve(request->dossiers_size());
    for (const v1::HistoricalDossier& w : request->dossiers()) {
      inputs.push_back(HistoricalInputOf(w));
    }
    MOTCUA_ASSIGN_OR_RETURN(const std::vector<service::ImportResult> results,
                            app_.dossiers().Import(caller, inputs));
    for (size_t i = 0; i < results.size(); ++i) {
      const service::ImportResult& r = results[i];
      v1::ImportDossiersResponse::Result* out = response->add_results();
      out->set_index(static_cast<int>(i));
      out->set_code(r.code);
      out->set_outcome(OutcomeOf(r.outcome));
      if (r.outcome == service::ImportOutcome::kRefused) {
        out->set_reason(r.reason);
        response->set_refused(response->refused() + 1);
      } else if (r.outcome == service::ImportOutcome::kImported) {
        response->set_imported(response->imported() + 1);
      } else {
        response->set_unchanged(response->unchanged() + 1);
      }
    }
    return absl::OkStatus();
  });
}

}  // namespace motcua::server

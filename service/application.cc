#include "service/application.h"

#include "core/status_macros.h"
#include "service/tokens.h"

namespace motcua::service {

absl::StatusOr<std::unique_ptr<Application>> Application::Create(
    storage::Store& store, TimePolicy policy, std::function<absl::Time()> clock,
    LookupPolicy lookup) {
  std::unique_ptr<Application> app(new Application(store));
  MOTCUA_ASSIGN_OR_RETURN(app->domain_, DomainState::Load(store));
  MOTCUA_ASSIGN_OR_RETURN(app->catalogue_state_, CatalogueState::Load(store));
  app->dossiers_ = std::make_unique<Dossiers>(
      store, *app->domain_, *app->catalogue_state_, policy, clock, lookup);
  app->statistics_ = std::make_unique<Statistics>(
      store, *app->domain_, *app->catalogue_state_, clock);
  app->warnings_ = std::make_unique<DeadlineWarnings>(
      store, *app->domain_, *app->catalogue_state_, clock);
  app->catalogue_ =
      std::make_unique<Catalogue>(store, *app->catalogue_state_, clock);
  app->calendar_ = std::make_unique<Calendar>(store, *app->domain_,
                                              *app->catalogue_state_, clock);
  app->admin_ = std::make_unique<Admin>(store, *app->catalogue_state_, clock);
  return app;
}

absl::StatusOr<core::Principal> Application::Authenticate(
    absl::string_view authorization) {
  return service::Authenticate(store_, authorization);
}

}  // namespace motcua::service

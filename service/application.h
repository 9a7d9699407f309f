// The application assembled over one store: the calendar and catalogue
// held in memory and every operation of the API, for any transport (the
// gRPC server, tests, benchmarks) to call.
#pragma once

#include <functional>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "service/admin.h"
#include "service/calendar.h"
#include "service/catalogue.h"
#include "service/catalogue_state.h"
#include "service/domain_state.h"
#include "service/dossiers.h"
#include "service/statistics.h"
#include "service/warnings.h"
#include "service/write_options.h"
#include "storage/store.h"

namespace motcua::service {

class Application {
 public:
  // Loads the calendar and catalogue of `store` (which must outlive the
  // application). `clock` tells now (tests pin it).
  static absl::StatusOr<std::unique_ptr<Application>> Create(
      storage::Store& store, TimePolicy policy,
      std::function<absl::Time()> clock = [] { return absl::Now(); },
      LookupPolicy lookup = LookupPolicy());

  // The principal of an "authorization" value ("Bearer <secret>").
  // Unauthenticated naming the cause, never the secret.
  absl::StatusOr<core::Principal> Authenticate(absl::string_view authorization);

  Dossiers& dossiers() { return *dossiers_; }
  Statistics& statistics() { return *statistics_; }
  DeadlineWarnings& warnings() { return *warnings_; }
  Catalogue& catalogue() { return *catalogue_; }
  Calendar& calendar() { return *calendar_; }
  Admin& admin() { return *admin_; }
  // The calendar and rules in force, and the catalogue held in memory.
  const DomainState& domain() const { return *domain_; }
  const CatalogueState& catalogue_state() const { return *catalogue_state_; }

 private:
  explicit Application(storage::Store& store) : store_(store) {}

  storage::Store& store_;
  std::unique_ptr<DomainState> domain_;
  std::unique_ptr<CatalogueState> catalogue_state_;
  std::unique_ptr<Dossiers> dossiers_;
  std::unique_ptr<Statistics> statistics_;
  std::unique_ptr<DeadlineWarnings> warnings_;
  std::unique_ptr<Catalogue> catalogue_;
  std::unique_ptr<Calendar> calendar_;
  std::unique_ptr<Admin> admin_;
};

}  // namespace motcua::service

#include "tests/storage/store_testing.h"

#include "absl/strings/str_cat.h"
#include "core/local_time.h"
#include "core/status_macros.h"
#include "storage/pg_store.h"
#include "storage/rocksdb_store.h"
#include "tests/storage/world.h"
#include "tests/testing/calendar_testing.h"
#include "tests/testing/pg_cluster.h"

namespace motcua::testing {

absl::StatusOr<std::unique_ptr<storage::Store>> OpenPostgresTestStore(
    const std::string& directory, std::function<absl::Time()> clock) {
  MOTCUA_ASSIGN_OR_RETURN(PgCluster * cluster, PgCluster::Shared());
  // One database per folder: reopening the folder reopens the database.
  const std::string database = PgCluster::DatabaseFor(directory);
  MOTCUA_RETURN_IF_ERROR(cluster->CreateDatabase(database));
  storage::PostgresStoreOptions options;
  if (clock) options.clock = std::move(clock);
  return storage::OpenPostgresStore(cluster->ConnectionString(database),
                                    options);
}

std::vector<Engine> Engines() {
  return {{"RocksDb",
           [](const std::string& directory, std::function<absl::Time()> clock) {
             storage::RocksDbStoreOptions options;
             if (clock) options.clock = std::move(clock);
             return storage::OpenRocksDbStore(directory, options);
           }},
          {"Postgres", OpenPostgresTestStore}};
}

absl::StatusOr<storage::DossierWrite> Receive(
    storage::Store& store, const World& world, const std::string& agency_code,
    const std::string& procedure_code, core::Channel channel, absl::Time at,
    const std::string& request_id) {
  const absl::CivilDay day = core::LocalDay(at);
  const core::Procedure* procedure = nullptr;
  for (const core::Procedure& p : world.procedures) {
    if (p.code == procedure_code) procedure = &p;
  }
  if (procedure == nullptr) return absl::NotFoundError(procedure_code);
  return store.CreateDossier(
      agency_code, day, {request_id, request_id}, [&](const std::string& code) {
        core::NewDossier n;
        n.code = code;
        n.agency_code = agency_code;
        n.channel = channel;
        n.procedure = world.SnapshotOf(*procedure);
        n.units = world.PathOf(agency_code, day);
        n.applicant = {core::ApplicantKind::kPerson,
                       "Trần Thị B",
                       "042190005678",
                       "",
                       "",
                       ""};
        n.at = at;
        return core::CreateDossierChange(ShippedCalendar(), n,
                                         {"desk-1", "received at the desk"});
      });
}

absl::StatusOr<storage::DossierWrite> Move(storage::Store& store,
                                           const std::string& code,
                                           core::DossierStatus to,
                                           absl::Time at, core::Outcome outcome,
                                           const std::string& request_id) {
  absl::StatusOr<core::Settings> settings = store.GetSettings();
  if (!settings.ok()) return settings.status();
  return store.UpdateDossier(
      code, {request_id, request_id}, [&](const core::Dossier& d) {
        return core::TransitionChange(ShippedCalendar(), settings->rules, d, to,
                                      at, outcome, {"desk-1", ""});
      });
}

absl::StatusOr<storage::DossierWrite> HandTo(storage::Store& store,
                                             const std::string& code,
                                             const std::string& agency_code,
                                             absl::Time at,
                                             core::ProcessingTime allotted) {
  absl::StatusOr<core::Settings> settings = store.GetSettings();
  if (!settings.ok()) return settings.status();
  return store.UpdateDossier(code, {}, [&](const core::Dossier& d) {
    return core::StepStartChange(ShippedCalendar(), settings->rules, d, at,
                                 agency_code, allotted, {"desk-1", ""});
  });
}

absl::StatusOr<storage::DossierWrite> FinishStep(storage::Store& store,
                                                 const std::string& code,
                                                 absl::Time at) {
  absl::StatusOr<core::Settings> settings = store.GetSettings();
  if (!settings.ok()) return settings.status();
  return store.UpdateDossier(code, {}, [&](const core::Dossier& d) {
    return core::StepFinishChange(ShippedCalendar(), settings->rules, d, at,
                                  {"desk-1", ""});
  });
}

}  // namespace motcua::testing

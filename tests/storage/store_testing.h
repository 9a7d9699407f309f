// Shared pieces of the storage suites: the engines under contract, and
// small helpers to write dossiers.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "core/dossier_changes.h"
#include "generator/world.h"
#include "storage/store.h"

namespace motcua::testing {

using generator::World;

// An engine the contract tests run against.
struct Engine {
  std::string name;
  std::function<absl::StatusOr<std::unique_ptr<storage::Store>>(
      const std::string& directory, std::function<absl::Time()> clock)>
      open;
};

// Every engine that must satisfy the contract.
std::vector<Engine> Engines();

// The PostgreSQL engine on a database of the process's throw-away cluster
// (PgCluster::Shared), one database per `directory` (created when new).
absl::StatusOr<std::unique_ptr<storage::Store>> OpenPostgresTestStore(
    const std::string& directory, std::function<absl::Time()> clock);

// Receives a dossier of `procedure_code` at `agency_code` at `at` (channel
// given), with the world's unit path and snapshot.
absl::StatusOr<storage::DossierWrite> Receive(
    storage::Store& store, const World& world, const std::string& agency_code,
    const std::string& procedure_code, core::Channel channel, absl::Time at,
    const std::string& request_id = "");

// Moves dossier `code` to `to` at `at` under the store's settings.
absl::StatusOr<storage::DossierWrite> Move(
    storage::Store& store, const std::string& code, core::DossierStatus to,
    absl::Time at, core::Outcome outcome = core::Outcome::kUnspecified,
    const std::string& request_id = "");

// Hands dossier `code` to `agency_code` at `at` for `allotted` (an
// inter-agency step), under the store's settings.
absl::StatusOr<storage::DossierWrite> HandTo(storage::Store& store,
                                             const std::string& code,
                                             const std::string& agency_code,
                                             absl::Time at,
                                             core::ProcessingTime allotted);
// Finishes dossier `code`'s open inter-agency step at `at`.
absl::StatusOr<storage::DossierWrite> FinishStep(storage::Store& store,
                                                 const std::string& code,
                                                 absl::Time at);

}  // namespace motcua::testing

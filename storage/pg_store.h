// The PostgreSQL engine of the storage contract (store.h): for a province
// that must survive the loss of a machine, on replicated PostgreSQL 15.
// Every motcua-server process of a deployment may open the same database:
// the engine keeps no state that another process could make stale (a
// transaction checks what the writes it stores read; row locks and unique
// keys serialise what must be).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "storage/store.h"

namespace motcua::storage {

// How many counter slots there are at most across all servers.
inline constexpr int kPgCounterSlots = 64;

struct PostgresStoreOptions {
  // Connections kept open for reads (a grouped write holds one for its
  // read, a write run alone for its transaction); the committing thread of
  // grouped writes has one more of its own. Each connection adds to its own
  // counter slot (see pg_schema.cc).
  int connections = 8;
  // The slots are first_counter_slot, the next ones, ... (modulo
  // kPgCounterSlots); -1 picks the first at random, so that servers on one
  // database seldom share a slot (sharing only makes writes wait).
  int first_counter_slot = -1;
  // How long applied request ids are remembered for retries.
  absl::Duration request_id_retention = absl::Hours(24 * 7);
  // How often this server folds each counter row's slots into one (reads
  // sum every slot of every row they cover, so a row written by many
  // connections costs them more until folded). A server folds only when no
  // other is folding; the first fold runs soon after open. Zero: never.
  absl::Duration fold_interval = absl::Minutes(5);
  // Clock for recorded_at stamps and request-id expiry (tests inject one).
  std::function<absl::Time()> clock = [] { return absl::Now(); };
};

// Opens the store in the database `conninfo` names (a libpq connection
// string: "host=... dbname=..." or "postgresql://..."; several hosts with
// target_session_attrs=read-write find the primary). Creates the schema in
// an empty database and migrates an older one. FailedPrecondition when the
// database holds a newer schema than this binary knows, or tables that are
// not motcua's; Unavailable when it cannot be reached.
absl::StatusOr<std::unique_ptr<Store>> OpenPostgresStore(
    const std::string& conninfo, const PostgresStoreOptions& options = {});

// True when `location` names a PostgreSQL database rather than a folder
// ("postgresql://..." or "postgres://...").
bool IsPostgresLocation(const std::string& location);

}  // namespace motcua::storage

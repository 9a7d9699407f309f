// The PostgreSQL engine's schema, created and migrated by the server.
// Internal to storage/.
#pragma once

#include "absl/status/status.h"
#include "storage/pg_connection.h"

namespace motcua::storage {

// The schema version this binary writes.
inline constexpr int kPgSchemaVersion = 3;

// Brings the database to kPgSchemaVersion in one transaction, serialised
// with other servers starting at once (an advisory lock): creates the
// tables in an empty database, runs the migrations after an older version,
// and refuses (FailedPrecondition) a newer version than this binary knows.
absl::Status EnsurePgSchema(PgConnection& connection);

}  // namespace motcua::storage

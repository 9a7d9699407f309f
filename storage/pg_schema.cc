// The PostgreSQL engine's tables. Keys are the engine-neutral byte keys of
// storage/keys.h (bytea compares byte by byte, as the key order needs), so
// that every range the RocksDB engine scans is one index range here.
//
//  meta       settings, calendar years, layout markers (keys.h default)
//  sequences  dossier-code sequence per agency and day: the last number
//  tokens     API tokens by secret hash, with their unique id
//  catalogue  versioned catalogue entries (keys.h catalogue)
//  dossiers   code -> record;  events: EventKey -> event
//  indexes    index entries (keys.h indexes), the cell index included
//  counters   counter rows. A row every write touches (a province's day,
//             month) would serialise all writes on its row lock, so each
//             row is split in slots: a connection adds its deltas to its
//             own slot, and reads sum the slots.
//  requests   applied request ids -> the first write's result
#include "storage/pg_schema.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "core/status_macros.h"

namespace motcua::storage {
namespace {

// Any number: it only keeps two servers from creating the schema at once.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(7719001)";

constexpr const char* kVersion1 = R"sql(
CREATE TABLE meta (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE sequences (key bytea PRIMARY KEY, last bigint NOT NULL);
CREATE TABLE tokens (hash bytea PRIMARY KEY, id bytea NOT NULL UNIQUE,
                     record bytea NOT NULL);
CREATE TABLE catalogue (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE dossiers (code bytea PRIMARY KEY, record bytea NOT NULL);
CREATE TABLE events (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE indexes (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE counters (key bytea NOT NULL, slot smallint NOT NULL,
                       counts bigint[] NOT NULL, PRIMARY KEY (key, slot));
CREATE TABLE requests (id bytea PRIMARY KEY, applied_at bigint NOT NULL,
                       record bytea NOT NULL);
CREATE INDEX requests_by_age ON requests (applied_at);
-- Adds two counter rows metric by metric (a newer binary may know more
-- metrics: the longer row keeps its tail).
CREATE FUNCTION motcua_add(a bigint[], b bigint[]) RETURNS bigint[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(coalesce(a[i], 0) + coalesce(b[i], 0) ORDER BY i)
  FROM generate_series(1, greatest(cardinality(a), cardinality(b))) AS i
$$;
)sql";

}  // namespace

absl::Status EnsurePgSchema(PgConnection& connection) {
  absl::StatusOr<std::vector<PgRows>> found = connection.Script(absl::StrCat(
      "BEGIN; ", kSchemaLock,
      "; SELECT to_regclass('motcua_schema') IS NOT NULL, "
      "(SELECT count(*) FROM pg_tables WHERE schemaname = current_schema())"));
  if (!found.ok()) {
    connection.Rollback();
    return found.status();
  }
  const bool has_schema = found->back().value(0, 0) == "t";
  int64_t tables = 0;
  (void)absl::SimpleAtoi(found->back().value(0, 1), &tables);
  std::string script;
  if (!has_schema) {
    if (tables > 0) {
      connection.Rollback();
      return absl::FailedPreconditionError(
          "the database holds tables that are not motcua's: give motcua an "
          "empty database of its own");
    }
    script = absl::StrCat(
        "CREATE TABLE motcua_schema (version int NOT NULL);", kVersion1,
        "INSERT INTO motcua_schema VALUES (", kPgSchemaVersion, ");");
  } else {
    absl::StatusOr<std::vector<PgRows>> version =
        connection.Script("SELECT version FROM motcua_schema");
    int64_t v = 0;
    if (!version.ok() || version->back().size() != 1 ||
        !absl::SimpleAtoi(version->back().value(0, 0), &v)) {
      connection.Rollback();
      return version.ok() ? absl::DataLossError(
                                "table motcua_schema must hold one version")
                          : version.status();
    }
    if (v > kPgSchemaVersion) {
      connection.Rollback();
      return absl::FailedPreconditionError(absl::StrCat(
          "the database's schema is version ", v, ", newer than this ",
          "motcua-server knows (", kPgSchemaVersion,
          "): run a motcua-server at least as new as the one that wrote it"));
    }
    // Version 1 is the first: later versions add their steps here, each
    // from the version before it.
  }
  absl::StatusOr<std::vector<PgRows>> done =
      connection.Script(absl::StrCat(script, "COMMIT"));
  if (!done.ok()) {
    connection.Rollback();
    return done.status();
  }
  return absl::OkStatus();
}

}  // namespace motcua::storage

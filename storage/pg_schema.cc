// The PostgreSQL engine's tables. Keys are the engine-neutral byte keys of
// storage/keys.h (bytea compares byte by byte, as the key order needs), so
// that every range the RocksDB engine scans is one index range here.
//
//  meta       settings, calendar years, layout markers (keys.h default)
//  tokens     API tokens by secret hash, with their unique id
//  catalogue  versioned catalogue entries (keys.h catalogue)
//  dossiers   code -> record and its version (what a write read is checked
//             against, pg_store_impl.h);  events: EventKey -> event. There is
//             no dossier-code sequence: the next number of an agency and day is
//             one past its highest stored code (codes are fixed-width).
//  indexes    index entries (keys.h indexes), the cell index included
//  counters   counter rows, one bigint column per metric (n0 ... in
//             core::Metric order: adding a metric is a migration). A row
//             every write touches (a province's day, month) would serialise
//             all writes on its row lock, so each row is split in slots: a
//             pooled connection adds its deltas to its own slot, a group's
//             committing connection to one chosen by its server process
//             (pg_group_commit.cc), and reads sum the slots.
//  requests   applied request ids -> the first write's result
#include "storage/pg_schema.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "core/status_macros.h"
#include "storage/keys.h"

namespace motcua::storage {
namespace {

// Any number: it only keeps two servers from creating the schema at once.
constexpr const char* kSchemaLock = "SELECT pg_advisory_xact_lock(7719001)";

constexpr const char* kVersion1 = R"sql(
CREATE TABLE meta (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE tokens (hash bytea PRIMARY KEY, id bytea NOT NULL UNIQUE,
                     record bytea NOT NULL);
CREATE TABLE catalogue (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE dossiers (code bytea PRIMARY KEY, record bytea NOT NULL,
                       version bigint NOT NULL);
CREATE TABLE events (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE indexes (key bytea PRIMARY KEY, value bytea NOT NULL);
CREATE TABLE counters (key bytea NOT NULL, slot smallint NOT NULL,
  n0 bigint NOT NULL, n1 bigint NOT NULL, n2 bigint NOT NULL,
  n3 bigint NOT NULL, n4 bigint NOT NULL, n5 bigint NOT NULL,
  n6 bigint NOT NULL, n7 bigint NOT NULL, n8 bigint NOT NULL,
  n9 bigint NOT NULL, n10 bigint NOT NULL, n11 bigint NOT NULL,
  n12 bigint NOT NULL, n13 bigint NOT NULL, n14 bigint NOT NULL,
  n15 bigint NOT NULL, n16 bigint NOT NULL, n17 bigint NOT NULL,
  n18 bigint NOT NULL, n19 bigint NOT NULL, n20 bigint NOT NULL,
  PRIMARY KEY (key, slot)) WITH (fillfactor = 70);
CREATE TABLE requests (id bytea PRIMARY KEY, applied_at bigint NOT NULL,
                       record bytea NOT NULL);
CREATE INDEX requests_by_age ON requests (applied_at);
)sql";

// Version 2: the fold finds split counter rows through an index of them
// alone, so it reads what was written since the last fold rather than the
// whole table; and autovacuum comes by the counters once a fiftieth of
// their rows have changed (the fold's dead rows), throttled as autovacuum
// is, rather than the fold vacuuming the whole table itself. Building the
// index reads the counters once (a few seconds at a million dossiers),
// holding writes meanwhile.
constexpr char kVersion2[] = R"sql(
CREATE INDEX IF NOT EXISTS counters_split ON counters (key) WHERE slot <> 0;
ALTER TABLE counters SET (autovacuum_vacuum_scale_factor = 0.02,
                          autovacuum_analyze_scale_factor = 0.02);
)sql";

// Version 3: analyzing the tables is cheap, and the counters rarer.
// Version 2 analyzed the counters as often as it vacuumed them (a fiftieth
// of their rows changed: each minute of a desk load). An analyze samples
// 300 rows per unit of the largest statistics target, each from a page of
// its own: with the default target of 100, 30,000 random pages (233 MB
// of counters read in 1.5 s at a million dossiers) and statistics of every
// sampled record, a second of a core on a 2-core machine serving desk
// writes. Every statement is planned generic (pg_connection.cc): its plan
// cannot use a key's histogram, only whether keys are unique, so keys are
// sampled at 10 (3,000 rows) and the records, values and metrics not at
// all. An analyze also sends every connection's plans over the table back
// to the planner.
constexpr char kVersion3[] = R"sql(
ALTER TABLE counters SET (autovacuum_analyze_scale_factor = 0.2);
ALTER TABLE counters ALTER COLUMN key SET STATISTICS 10,
  ALTER COLUMN slot SET STATISTICS 10, ALTER COLUMN n0 SET STATISTICS 0,
  ALTER COLUMN n1 SET STATISTICS 0, ALTER COLUMN n2 SET STATISTICS 0,
  ALTER COLUMN n3 SET STATISTICS 0, ALTER COLUMN n4 SET STATISTICS 0,
  ALTER COLUMN n5 SET STATISTICS 0, ALTER COLUMN n6 SET STATISTICS 0,
  ALTER COLUMN n7 SET STATISTICS 0, ALTER COLUMN n8 SET STATISTICS 0,
  ALTER COLUMN n9 SET STATISTICS 0, ALTER COLUMN n10 SET STATISTICS 0,
  ALTER COLUMN n11 SET STATISTICS 0, ALTER COLUMN n12 SET STATISTICS 0,
  ALTER COLUMN n13 SET STATISTICS 0, ALTER COLUMN n14 SET STATISTICS 0,
  ALTER COLUMN n15 SET STATISTICS 0, ALTER COLUMN n16 SET STATISTICS 0,
  ALTER COLUMN n17 SET STATISTICS 0, ALTER COLUMN n18 SET STATISTICS 0,
  ALTER COLUMN n19 SET STATISTICS 0, ALTER COLUMN n20 SET STATISTICS 0;
ALTER TABLE dossiers ALTER COLUMN code SET STATISTICS 10,
  ALTER COLUMN record SET STATISTICS 0, ALTER COLUMN version SET STATISTICS 0;
ALTER TABLE events ALTER COLUMN key SET STATISTICS 10,
  ALTER COLUMN value SET STATISTICS 0;
ALTER TABLE indexes ALTER COLUMN key SET STATISTICS 10,
  ALTER COLUMN value SET STATISTICS 0;
ALTER TABLE requests ALTER COLUMN id SET STATISTICS 10,
  ALTER COLUMN applied_at SET STATISTICS 10,
  ALTER COLUMN record SET STATISTICS 0;
)sql";

// What dossier writes store, in one call (its statements' plans are kept
// by the session, where SQL text with the values in it would be parsed and
// planned at every write): one write's, or a group's whose arrays are
// concatenated. New records; updated records, each applied only if the
// dossier is still at the version the write read; events; index entries
// deleted and put; counter deltas added to one slot (21 values per key, in
// core::Metric order); applied request ids (and expired records of ids
// replaced). `settings_read` is the settings record the writes read (empty:
// none stored): they counted under it. A dossier or the settings changed
// since they were read raise a serialization failure; a code or request id
// taken meanwhile, a unique violation: either way nothing is written.
// Rows are locked in key order, so two calls never deadlock.
constexpr const char* kWriteFunction = R"sql(
CREATE FUNCTION motcua_write(settings_read bytea,
    new_codes bytea[], new_records bytea[], new_versions bigint[],
    updated_codes bytea[], updated_records bytea[], read_versions bigint[],
    updated_versions bigint[], event_keys bytea[], event_values bytea[],
    deleted_index_keys bytea[], index_keys bytea[], index_values bytea[],
    counter_keys bytea[], counter_slot smallint, counts bigint[],
    request_ids bytea[], request_ats bigint[], requests bytea[],
    stale_request_ids bytea[])
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  deleted_key bytea;
BEGIN
  -- Waits for a PutSettings in progress; holds the next one off.
  LOCK TABLE dossiers IN ROW EXCLUSIVE MODE;
  IF coalesce((SELECT value FROM meta WHERE key = $settings_key),
              '') <> settings_read THEN
    RAISE EXCEPTION 'the settings changed since the write read them'
      USING ERRCODE = 'serialization_failure';
  END IF;
  INSERT INTO dossiers (code, record, version)
    SELECT * FROM unnest(new_codes, new_records, new_versions) ORDER BY 1;
  IF cardinality(updated_codes) > 0 THEN
    PERFORM 1 FROM dossiers WHERE code = ANY (updated_codes) ORDER BY code
      FOR UPDATE;
    FOR i IN 1 .. cardinality(updated_codes) LOOP
      UPDATE dossiers SET record = updated_records[i],
                          version = updated_versions[i]
        WHERE code = updated_codes[i] AND version = read_versions[i];
      IF NOT FOUND THEN
        RAISE EXCEPTION 'a dossier changed since the write read it'
          USING ERRCODE = 'serialization_failure';
      END IF;
    END LOOP;
  END IF;
  INSERT INTO events (key, value) SELECT * FROM unnest(event_keys, event_values);
  -- One key at a time: with a group's many keys the planner may pick a
  -- scan of the whole table for "key = ANY (...)".
  FOREACH deleted_key IN ARRAY deleted_index_keys LOOP
    DELETE FROM indexes WHERE key = deleted_key;
  END LOOP;
  INSERT INTO indexes (key, value) SELECT * FROM unnest(index_keys, index_values)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value;
  INSERT INTO counters (key, slot, n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10,
                        n11, n12, n13, n14, n15, n16, n17, n18, n19, n20)
    SELECT k, counter_slot, counts[b + 1], counts[b + 2], counts[b + 3],
      counts[b + 4], counts[b + 5], counts[b + 6], counts[b + 7], counts[b + 8],
      counts[b + 9], counts[b + 10], counts[b + 11], counts[b + 12],
      counts[b + 13], counts[b + 14], counts[b + 15], counts[b + 16],
      counts[b + 17], counts[b + 18], counts[b + 19], counts[b + 20],
      counts[b + 21]
    FROM (SELECT k, (i - 1) * 21 AS b
          FROM unnest(counter_keys) WITH ORDINALITY AS u (k, i)) AS rows
    ORDER BY k
    ON CONFLICT (key, slot) DO UPDATE SET
      n0 = counters.n0 + excluded.n0, n1 = counters.n1 + excluded.n1,
      n2 = counters.n2 + excluded.n2, n3 = counters.n3 + excluded.n3,
      n4 = counters.n4 + excluded.n4, n5 = counters.n5 + excluded.n5,
      n6 = counters.n6 + excluded.n6, n7 = counters.n7 + excluded.n7,
      n8 = counters.n8 + excluded.n8, n9 = counters.n9 + excluded.n9,
      n10 = counters.n10 + excluded.n10, n11 = counters.n11 + excluded.n11,
      n12 = counters.n12 + excluded.n12, n13 = counters.n13 + excluded.n13,
      n14 = counters.n14 + excluded.n14, n15 = counters.n15 + excluded.n15,
      n16 = counters.n16 + excluded.n16, n17 = counters.n17 + excluded.n17,
      n18 = counters.n18 + excluded.n18, n19 = counters.n19 + excluded.n19,
      n20 = counters.n20 + excluded.n20;
  IF cardinality(stale_request_ids) > 0 THEN
    DELETE FROM requests WHERE id = ANY (stale_request_ids);
  END IF;
  INSERT INTO requests (id, applied_at, record)
    SELECT * FROM unnest(request_ids, request_ats, requests) ORDER BY 1;
END
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
        kVersion2, kVersion3,
        absl::StrReplaceAll(
            kWriteFunction,
            {{"$settings_key", ByteaLiteral(keys::SettingsKey())}}),
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
    // Each version's steps, from the version before it.
    if (v < 2) absl::StrAppend(&script, kVersion2);
    if (v < 3) absl::StrAppend(&script, kVersion3);
    if (v < kPgSchemaVersion) {
      absl::StrAppend(&script,
                      "UPDATE motcua_schema SET version = ", kPgSchemaVersion,
                      ";");
    }
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

-- The PostgreSQL anchor of the benchmarks (pgbench -f pg_anchor_dossier.sql):
-- a dossier row and its events, as plain as PostgreSQL can store them.
CREATE SEQUENCE numbers;
CREATE TABLE dossier (code text PRIMARY KEY, agency text NOT NULL,
  status int NOT NULL, received_at timestamptz NOT NULL, record bytea NOT NULL);
CREATE TABLE event (code text NOT NULL, sequence int NOT NULL,
  occurred_at timestamptz NOT NULL, body bytea NOT NULL,
  PRIMARY KEY (code, sequence));

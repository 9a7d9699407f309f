-- One anchor transaction: a dossier row and its 4 events (pg_anchor_schema.sql).
WITH d AS (INSERT INTO dossier VALUES ('H29.18070-' || nextval('numbers'),
  'H29.18070', 2, now(), decode(repeat('ab', 300), 'hex')) RETURNING code)
INSERT INTO event SELECT d.code, g, now(), decode(repeat('cd', 60), 'hex')
  FROM d, generate_series(1, 4) g;

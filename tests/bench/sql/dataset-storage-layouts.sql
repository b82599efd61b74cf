-- Compares the two storage layouts considered for agency datasets (README, "Agency datasets"):
--   shared:      one table for every dataset, per-dataset PARTIAL expression indexes
--   partitioned: one LIST partition per dataset, plain expression indexes on it (what Hutong does)
-- with DATASETS datasets of INDEXED indexed items each, ROWS rows each; then times, in each layout,
-- an insert of 50 000 rows into one dataset and the planning and execution of a filtered query.
--
--   psql -X -v DATASETS=200 -v INDEXED=5 -v ROWS=1000 -f tests/bench/sql/dataset-storage-layouts.sql postgres://postgres@127.0.0.1:5432/postgres
--
-- It works in a scratch database of its own (dropped at the end).
\set ON_ERROR_STOP on
DROP DATABASE IF EXISTS hutong_layouts;
CREATE DATABASE hutong_layouts;
\c hutong_layouts
SET client_min_messages = warning;

CREATE TABLE shared (registry text NOT NULL, key text NOT NULL, record jsonb NOT NULL, PRIMARY KEY (registry, key));
CREATE TABLE parted (registry text NOT NULL, key text NOT NULL, record jsonb NOT NULL, PRIMARY KEY (registry, key)) PARTITION BY LIST (registry);

SELECT format('CREATE TABLE parted_%s PARTITION OF parted FOR VALUES IN (%L)', d, 'ds-' || d) FROM generate_series(1, :DATASETS) d \gexec
SELECT format('CREATE INDEX shared_%s_%s ON shared (((record ->> %L) COLLATE "C"), key) WHERE registry = %L', d, i, 'item' || i, 'ds-' || d)
  FROM generate_series(1, :DATASETS) d, generate_series(1, :INDEXED) i \gexec
SELECT format('CREATE INDEX parted_%s_%s ON parted_%s (((record ->> %L) COLLATE "C"), key)', d, i, d, 'item' || i)
  FROM generate_series(1, :DATASETS) d, generate_series(1, :INDEXED) i \gexec

-- the same rows in both layouts
CREATE TEMP TABLE rows_all AS
SELECT 'ds-' || d AS registry, lpad(r::text, 10, '0') AS key,
       (SELECT jsonb_object_agg('item' || i, lpad((abs(hashint4(d * 100000 + r * 10 + i)) % 1000)::text, 4, '0')) FROM generate_series(1, :INDEXED) i) AS record
  FROM generate_series(1, :DATASETS) d, generate_series(1, :ROWS) r;
INSERT INTO shared SELECT * FROM rows_all;
INSERT INTO parted SELECT * FROM rows_all;
ANALYZE shared;
ANALYZE parted;

CREATE TEMP TABLE batch AS
SELECT 'ds-1' AS registry, 'new' || lpad(r::text, 10, '0') AS key,
       (SELECT jsonb_object_agg('item' || i, lpad((abs(hashint4(r * 10 + i)) % 1000)::text, 4, '0')) FROM generate_series(1, :INDEXED) i) AS record
  FROM generate_series(1, 50000) r;

\echo '== insert 50 000 rows into one dataset'
\timing on
\echo '-- shared table, partial indexes'
INSERT INTO shared SELECT * FROM batch;
\echo '-- partitioned'
INSERT INTO parted_1 SELECT * FROM batch;
\timing off

\echo '== a filtered page of one dataset (planning and execution; each planned once before, so caches are warm)'
SELECT key FROM shared WHERE registry = 'ds-1' AND (record ->> 'item2') COLLATE "C" = '0042' ORDER BY key LIMIT 20 \g /dev/null
SELECT key FROM parted WHERE registry = 'ds-1' AND (record ->> 'item2') COLLATE "C" = '0042' ORDER BY key LIMIT 20 \g /dev/null
EXPLAIN (ANALYZE, SUMMARY ON, COSTS OFF)
SELECT key, record FROM shared WHERE registry = 'ds-1' AND (record ->> 'item2') COLLATE "C" = '0042' ORDER BY key LIMIT 20;
EXPLAIN (ANALYZE, SUMMARY ON, COSTS OFF)
SELECT key, record FROM parted WHERE registry = 'ds-1' AND (record ->> 'item2') COLLATE "C" = '0042' ORDER BY key LIMIT 20;

\c postgres
DROP DATABASE hutong_layouts;

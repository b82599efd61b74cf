import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agency datasets (libs/datasets): hundreds of datasets defined at run time from catalog entries,
 * each possibly tens of millions of rows, without a migration per dataset.
 *
 * Records and versions have the registry store's columns but live in tables partitioned by
 * registry (a dataset major is a registry `ds-<n>`): registering a dataset creates its two
 * partitions, and its indexed items get expression indexes on its own partitions only. Each
 * dataset so has its own heap, statistics and vacuum, a query names one partition (pruned at plan
 * time), and no write pays for another dataset's indexes — unlike partial indexes on one shared
 * table, whose predicates every insert evaluates and every plan considers (README, "Agency
 * datasets", has the measurements).
 *
 * `hutong_instant` parses RFC 3339 text into timestamptz for date-time items' indexes. The cast
 * itself is only STABLE because text without an offset is read in the session's TimeZone; dataset
 * values always carry their offset (the writer refuses any other), so the parse is immutable for
 * every value stored. PL/pgSQL keeps the planner from inlining it into a stable expression.
 */
export class Datasets1795881600000 implements MigrationInterface {
  name = 'Datasets1795881600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION hutong_instant(value text) RETURNS timestamptz
        LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$ BEGIN RETURN value::timestamptz; END $$`);
    await queryRunner.query(`
      CREATE TABLE dataset_records (LIKE registry_records INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
        PRIMARY KEY (registry, key)) PARTITION BY LIST (registry)`);
    await queryRunner.query(`
      CREATE TABLE dataset_record_versions (LIKE registry_record_versions INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
        PRIMARY KEY (registry, key, version)) PARTITION BY LIST (registry)`);
    await queryRunner.query('CREATE SEQUENCE dataset_registry_seq');
    await queryRunner.query(`
      CREATE TABLE datasets (
        agency_code    text NOT NULL REFERENCES agencies (code),
        code           text NOT NULL CHECK (code ~ '^[a-z][a-z0-9-]{1,47}$'),
        major          integer NOT NULL CHECK (major > 0),
        registry       text NOT NULL UNIQUE REFERENCES registries (code),
        resource_code  text NOT NULL UNIQUE REFERENCES catalog_resources (code),
        -- the catalog version the major was registered at (each later version is checked against the one before)
        since_version  integer NOT NULL,
        -- item code → name of the index built for it (filters on an item wait until its index is ready)
        indexes        jsonb NOT NULL DEFAULT '{}',
        created_at     timestamptz NOT NULL DEFAULT now(),
        created_by     text NOT NULL,
        PRIMARY KEY (agency_code, code, major)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE datasets');
    await queryRunner.query('DROP SEQUENCE dataset_registry_seq');
    await queryRunner.query('DROP TABLE dataset_record_versions');
    await queryRunner.query('DROP TABLE dataset_records');
    await queryRunner.query('DROP FUNCTION hutong_instant(text)');
  }
}

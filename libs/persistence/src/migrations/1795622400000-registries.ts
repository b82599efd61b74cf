import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The base registries' shared store (the "registry kit", ARCHITECTURE §2): which catalog entry and
 * which agencies each registry is bound to, current records, every version of every record (history
 * and `asOf`), bulk imports with their per-row error reports, and data-quality disputes (疑义校核).
 *
 * Records are JSONB keyed by registry and record key, so population, legal persons and the later
 * registries share one schema; the few columns read by every query (row-scope division, search
 * bigrams, status) are kept beside the JSON so they can be indexed without expression indexes.
 *
 * Grants gain `masked_items`: items a consumer may read only masked (e.g. 440103********123X).
 */
export class Registries1795622400000 implements MigrationInterface {
  name = 'Registries1795622400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE grants ADD COLUMN masked_items text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`
      CREATE TABLE registries (
        code                       text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9-]{1,40}$'),
        resource_code              text NOT NULL UNIQUE REFERENCES catalog_resources (code),
        verification_resource_code text UNIQUE REFERENCES catalog_resources (code),
        provider_code              text NOT NULL REFERENCES agencies (code),
        contributors               jsonb NOT NULL DEFAULT '{}',
        installed_at               timestamptz NOT NULL DEFAULT now(),
        installed_by               text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE registry_records (
        registry        text NOT NULL REFERENCES registries (code),
        key             text NOT NULL,
        version         integer NOT NULL CHECK (version > 0),
        record          jsonb NOT NULL,
        sources         jsonb NOT NULL,
        status          text NOT NULL,
        scope_division  text NOT NULL,
        search_names    text NOT NULL,
        search_grams    text[] NOT NULL,
        import_id       uuid,
        open_disputes   integer NOT NULL DEFAULT 0 CHECK (open_disputes >= 0),
        updated_at      timestamptz NOT NULL,
        updated_by      text NOT NULL,
        PRIMARY KEY (registry, key)
      )`);
    await queryRunner.query('CREATE INDEX registry_records_grams_idx ON registry_records USING gin (search_grams)');
    await queryRunner.query(
      'CREATE INDEX registry_records_scope_idx ON registry_records (registry, scope_division text_pattern_ops, key)',
    );
    // The key's own btree (the primary key) serves lookups; "search_names" holds the normalised
    // current and former names for the LIKE that confirms a bigram match.
    await queryRunner.query(`
      CREATE TABLE registry_record_versions (
        registry        text NOT NULL,
        key             text NOT NULL,
        version         integer NOT NULL,
        record          jsonb NOT NULL,
        sources         jsonb NOT NULL,
        status          text NOT NULL,
        scope_division  text NOT NULL,
        changed_groups  text[] NOT NULL,
        recorded_at     timestamptz NOT NULL,
        recorded_by     text NOT NULL,
        reason          text,
        import_id       uuid,
        PRIMARY KEY (registry, key, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE registry_imports (
        id              uuid PRIMARY KEY,
        registry        text NOT NULL REFERENCES registries (code),
        agency_code     text NOT NULL,
        format          text NOT NULL CHECK (format IN ('ndjson', 'csv')),
        content_sha256  text NOT NULL,
        bytes           bigint NOT NULL,
        reason          text,
        state           text NOT NULL CHECK (state IN ('queued', 'running', 'completed', 'failed')),
        rows_read       integer NOT NULL DEFAULT 0,
        rows_created    integer NOT NULL DEFAULT 0,
        rows_updated    integer NOT NULL DEFAULT 0,
        rows_unchanged  integer NOT NULL DEFAULT 0,
        rows_rejected   integer NOT NULL DEFAULT 0,
        failure         text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        started_at      timestamptz,
        heartbeat_at    timestamptz,
        finished_at     timestamptz
      )`);
    await queryRunner.query(
      'CREATE INDEX registry_imports_content_idx ON registry_imports (registry, agency_code, content_sha256)',
    );
    await queryRunner.query(`
      CREATE TABLE registry_import_errors (
        import_id  uuid NOT NULL REFERENCES registry_imports (id) ON DELETE CASCADE,
        line       integer NOT NULL,
        field      text NOT NULL,
        rule       text NOT NULL,
        message    text NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX registry_import_errors_idx ON registry_import_errors (import_id, line)');
    await queryRunner.query(`
      CREATE TABLE registry_disputes (
        id           uuid PRIMARY KEY,
        registry     text NOT NULL REFERENCES registries (code),
        key          text NOT NULL,
        item         text NOT NULL,
        reason       text NOT NULL,
        filed_by     text NOT NULL,
        filed_at     timestamptz NOT NULL DEFAULT now(),
        state        text NOT NULL CHECK (state IN ('open', 'corrected', 'rejected')),
        resolution   text,
        resolved_by  text,
        resolved_at  timestamptz,
        FOREIGN KEY (registry, key) REFERENCES registry_records (registry, key)
      )`);
    await queryRunner.query('CREATE INDEX registry_disputes_record_idx ON registry_disputes (registry, key)');
    await queryRunner.query('CREATE INDEX registry_disputes_filer_idx ON registry_disputes (filed_by, filed_at DESC)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'registry_disputes',
      'registry_import_errors',
      'registry_imports',
      'registry_record_versions',
      'registry_records',
      'registries',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query('ALTER TABLE grants DROP COLUMN masked_items');
  }
}

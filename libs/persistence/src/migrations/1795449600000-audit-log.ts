import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident access log (ARCHITECTURE §6), its signed checkpoints, and `hutong_app`: the
 * role the gateway should run as, which may add to the audit tables but never change them. Each row keeps the exact canonical text that
 * was hashed (RFC 8785), its hash and the previous row's hash; `entry` is the same record as jsonb
 * for queries, derived from the text so the two cannot disagree. Rows can only be added: a
 * trigger refuses UPDATE, DELETE and TRUNCATE for every role, including the table owner.
 */
export class AuditLog1795449600000 implements MigrationInterface {
  name = 'AuditLog1795449600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_entries (
        seq         bigint PRIMARY KEY CHECK (seq >= 1),
        recorded_at timestamptz NOT NULL,
        prev_hash   text NOT NULL,
        hash        text NOT NULL,
        canonical   text NOT NULL,
        entry       jsonb GENERATED ALWAYS AS (canonical::jsonb) STORED
      ) PARTITION BY RANGE (seq)`);
    await queryRunner.query('CREATE INDEX audit_entries_recorded_at_idx ON audit_entries (recorded_at)');
    // "Who accessed this citizen's record": subject references are looked up by containment.
    await queryRunner.query(
      "CREATE INDEX audit_entries_subjects_idx ON audit_entries USING gin ((entry -> 'entry' -> 'subjects'))",
    );
    await queryRunner.query(
      "CREATE INDEX audit_entries_principal_idx ON audit_entries ((entry -> 'entry' -> 'principal' ->> 'id'), seq)",
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit entries are append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entries_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);
    // Retention (issue 4 §6): the log is split into partitions by position, a new one started each
    // month by \`hutong audit partition\`; a closed partition can be exported, then detached. Each
    // partition refuses TRUNCATE itself (row triggers are inherited from the parent, statement
    // triggers are not) and gives hutong_app nothing: it reaches rows only through the parent.
    await queryRunner.query(`
      CREATE FUNCTION audit_start_partition(first_seq bigint) RETURNS text LANGUAGE plpgsql AS $$
      DECLARE
        name text := format('audit_entries_from_%s', first_seq);
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF audit_entries FOR VALUES FROM (%s) TO (MAXVALUE)', name, first_seq);
        EXECUTE format('CREATE TRIGGER no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()', name);
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hutong_app') THEN
          EXECUTE format('REVOKE ALL ON %I FROM hutong_app', name);
        END IF;
        RETURN name;
      END $$`);
    await queryRunner.query(`
      CREATE TABLE audit_archives (
        from_seq    bigint PRIMARY KEY,
        to_seq      bigint NOT NULL,
        head_hash   text NOT NULL,
        file_sha256 text NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now(),
        CHECK (from_seq <= to_seq)
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_checkpoints (
        seq        bigint PRIMARY KEY CHECK (seq >= 1),
        head_hash  text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        kid        text NOT NULL,
        jws        text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TRIGGER audit_checkpoints_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()`);
    // Roles are per cluster, so another database may have made it already.
    await queryRunner.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hutong_app') THEN CREATE ROLE hutong_app NOLOGIN; END IF;
      END $$`);
    await queryRunner.query('GRANT USAGE ON SCHEMA public TO hutong_app');
    await queryRunner.query('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO hutong_app');
    await queryRunner.query('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO hutong_app');
    await queryRunner.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO hutong_app',
    );
    await queryRunner.query(
      'REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries, audit_checkpoints, audit_archives FROM hutong_app',
    );
    await queryRunner.query('SELECT audit_start_partition(1)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM hutong_app',
    );
    await queryRunner.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM hutong_app');
    await queryRunner.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM hutong_app');
    await queryRunner.query('REVOKE USAGE ON SCHEMA public FROM hutong_app');
    await queryRunner.query('DROP TABLE audit_checkpoints');
    await queryRunner.query('DROP TABLE audit_archives');
    await queryRunner.query('DROP TABLE audit_entries');
    await queryRunner.query('DROP FUNCTION audit_start_partition(bigint)');
    await queryRunner.query('DROP FUNCTION audit_entries_append_only()');
  }
}

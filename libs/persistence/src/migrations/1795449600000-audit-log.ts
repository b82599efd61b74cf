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
      )`);
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
    await queryRunner.query('REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries, audit_checkpoints FROM hutong_app');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM hutong_app',
    );
    await queryRunner.query('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM hutong_app');
    await queryRunner.query('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM hutong_app');
    await queryRunner.query('REVOKE USAGE ON SCHEMA public FROM hutong_app');
    await queryRunner.query('DROP TABLE audit_checkpoints');
    await queryRunner.query('DROP TABLE audit_entries');
    await queryRunner.query('DROP FUNCTION audit_entries_append_only()');
  }
}

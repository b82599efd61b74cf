import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident access log (ARCHITECTURE §6). Each row keeps the exact canonical text that
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
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE audit_entries');
    await queryRunner.query('DROP FUNCTION audit_entries_append_only()');
  }
}

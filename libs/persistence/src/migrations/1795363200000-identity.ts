import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identity (ARCHITECTURE §4): principals of three kinds, agency details with their name history,
 * registered public keys, and the replay store for client-assertion `jti`s that every gateway
 * instance shares.
 *
 * A trigger notifies `hutong_identity` on every status or key change, so gateway instances that
 * LISTEN drop their cached view of that principal at once, whoever made the change (another
 * instance, the CLI, or SQL by hand).
 */
export class Identity1795363200000 implements MigrationInterface {
  name = 'Identity1795363200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE principals (
        id          text PRIMARY KEY CHECK (id ~ '^[0-9A-Za-z][0-9A-Za-z._-]{1,63}$'),
        kind        text NOT NULL CHECK (kind IN ('agency', 'operator', 'reviewer')),
        name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'retired')),
        version     integer NOT NULL DEFAULT 1,
        created_at  timestamptz NOT NULL DEFAULT now(),
        created_by  text,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE agencies (
        code            text PRIMARY KEY REFERENCES principals (id),
        level           text NOT NULL CHECK (level IN ('province', 'city', 'district', 'township')),
        parent_code     text REFERENCES agencies (code),
        division_code   char(6) NOT NULL,
        roles           text[] NOT NULL CHECK (roles <@ ARRAY['provider', 'consumer']::text[]),
        contact         jsonb NOT NULL DEFAULT '{}'::jsonb,
        successor_code  text REFERENCES agencies (code),
        name_normalized text NOT NULL,
        CHECK (parent_code IS DISTINCT FROM code)
      )`);
    await queryRunner.query('CREATE INDEX agencies_parent_code_idx ON agencies (parent_code)');
    await queryRunner.query('CREATE INDEX agencies_division_code_idx ON agencies (division_code)');
    await queryRunner.query('CREATE INDEX agencies_name_trgm_idx ON agencies USING gin (name_normalized gin_trgm_ops)');
    await queryRunner.query(`
      CREATE TABLE agency_aliases (
        id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agency_code     text NOT NULL REFERENCES agencies (code),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        name_normalized text NOT NULL,
        valid_from      timestamptz,
        valid_to        timestamptz,
        reason          text NOT NULL CHECK (reason IN ('renamed', 'merged', 'alias')),
        note            text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_from <= valid_to)
      )`);
    await queryRunner.query('CREATE INDEX agency_aliases_agency_idx ON agency_aliases (agency_code)');
    await queryRunner.query(
      'CREATE INDEX agency_aliases_name_trgm_idx ON agency_aliases USING gin (name_normalized gin_trgm_ops)',
    );
    await queryRunner.query(`
      CREATE TABLE principal_keys (
        principal_id      text NOT NULL REFERENCES principals (id),
        kid               text NOT NULL CHECK (length(kid) BETWEEN 1 AND 128),
        alg               text NOT NULL CHECK (alg IN ('ES256', 'EdDSA', 'PS256')),
        public_jwk        jsonb NOT NULL,
        thumbprint        text NOT NULL,
        not_before        timestamptz NOT NULL DEFAULT now(),
        expires_at        timestamptz,
        status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked')),
        revoked_at        timestamptz,
        revoked_by        text,
        created_at        timestamptz NOT NULL DEFAULT now(),
        created_by        text,
        PRIMARY KEY (principal_id, kid),
        CHECK (expires_at IS NULL OR not_before < expires_at),
        CHECK ((status = 'revoked') = (revoked_at IS NOT NULL))
      )`);
    // One key pair belongs to one principal: registering someone else's public key is refused.
    await queryRunner.query('CREATE UNIQUE INDEX principal_keys_thumbprint_idx ON principal_keys (thumbprint)');
    await queryRunner.query(`
      CREATE TABLE client_assertion_jtis (
        client_id  text NOT NULL,
        jti        text NOT NULL,
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (client_id, jti)
      )`);
    await queryRunner.query('CREATE INDEX client_assertion_jtis_expires_idx ON client_assertion_jtis (expires_at)');
    await queryRunner.query(`
      CREATE FUNCTION notify_identity_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- TG_ARGV[0] names the column holding the principal id in the table the trigger is on.
        PERFORM pg_notify('hutong_identity',
          to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END) ->> TG_ARGV[0]);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER principals_notify AFTER UPDATE OR DELETE ON principals
        FOR EACH ROW EXECUTE FUNCTION notify_identity_change('id')`);
    await queryRunner.query(`
      CREATE TRIGGER principal_keys_notify AFTER INSERT OR UPDATE OR DELETE ON principal_keys
        FOR EACH ROW EXECUTE FUNCTION notify_identity_change('principal_id')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE client_assertion_jtis');
    await queryRunner.query('DROP TABLE principal_keys');
    await queryRunner.query('DROP TABLE agency_aliases');
    await queryRunner.query('DROP TABLE agencies');
    await queryRunner.query('DROP TABLE principals');
    await queryRunner.query('DROP FUNCTION notify_identity_change()');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The resource-sharing catalog (政务信息资源目录), access requests (共享申请), the grants they become,
 * daily usage metering, and the exchange event log (transactional outbox) that every write appends
 * its CloudEvents to in the same transaction.
 *
 * Catalog entries keep every published version; the row of `catalog_resources` carries denormalised
 * search columns of what the entry says now, including `search_grams`: the character bigrams of the
 * normalised text, so Chinese search needs no word segmenter and works the same whatever the
 * database's locale (pg_trgm ignores CJK characters under the C locale PGlite runs with).
 *
 * A trigger notifies `hutong_catalog` with the resource code whenever an entry's status or a grant
 * changes, so every gateway instance drops its cached entitlements for that resource at once.
 */
export class Catalog1795536000000 implements MigrationInterface {
  name = 'Catalog1795536000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE catalog_code_sequences (
        prefix      text PRIMARY KEY CHECK (prefix ~ '^[1-3][0-9]{5}[0-9]{0,6}$'),
        last_value  integer NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE catalog_resources (
        code                 text PRIMARY KEY CHECK (code ~ '^[1-3][0-9]{5}[0-9]{0,6}/[0-9]{6}$'),
        provider_code        text NOT NULL REFERENCES agencies (code),
        status               text NOT NULL CHECK (status IN ('draft', 'submitted', 'published', 'retired')),
        current_version      integer,
        revision             jsonb,
        etag                 integer NOT NULL DEFAULT 1,
        created_at           timestamptz NOT NULL DEFAULT now(),
        updated_at           timestamptz NOT NULL DEFAULT now(),
        retired_at           timestamptz,
        published_at         timestamptz,
        name                 text NOT NULL,
        name_normalized      text NOT NULL,
        search_text          text NOT NULL,
        search_grams         text[] NOT NULL,
        category             text NOT NULL,
        sharing_type         text NOT NULL,
        open_to_public       boolean NOT NULL,
        update_cycle         text NOT NULL,
        format               text NOT NULL,
        administrative_level text NOT NULL,
        security_level       smallint NOT NULL,
        CHECK (status = 'draft' OR status = 'submitted' OR current_version IS NOT NULL)
      )`);
    await queryRunner.query('CREATE INDEX catalog_resources_grams_idx ON catalog_resources USING gin (search_grams)');
    await queryRunner.query('CREATE INDEX catalog_resources_provider_idx ON catalog_resources (provider_code)');
    await queryRunner.query('CREATE INDEX catalog_resources_updated_idx ON catalog_resources (updated_at, code)');
    await queryRunner.query(`
      CREATE TABLE catalog_resource_versions (
        resource_code  text NOT NULL REFERENCES catalog_resources (code),
        version        integer NOT NULL CHECK (version > 0),
        metadata       jsonb NOT NULL,
        published_at   timestamptz NOT NULL DEFAULT now(),
        published_by   text NOT NULL,
        PRIMARY KEY (resource_code, version)
      )`);
    await queryRunner.query(`
      CREATE TABLE access_requests (
        id             uuid PRIMARY KEY,
        resource_code  text NOT NULL REFERENCES catalog_resources (code),
        consumer_code  text NOT NULL REFERENCES agencies (code),
        provider_code  text NOT NULL REFERENCES agencies (code),
        state          text NOT NULL CHECK (state IN
                         ('pending', 'approved', 'rejected', 'withdrawn', 'escalated', 'refused', 'revoked', 'expired')),
        application    jsonb NOT NULL,
        decision       jsonb,
        grant_id       uuid,
        deadline_at    timestamptz,
        version        integer NOT NULL DEFAULT 1,
        submitted_at   timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX access_requests_consumer_idx ON access_requests (consumer_code, submitted_at)');
    await queryRunner.query('CREATE INDEX access_requests_provider_idx ON access_requests (provider_code, submitted_at)');
    await queryRunner.query(
      "CREATE INDEX access_requests_open_idx ON access_requests (deadline_at) WHERE state IN ('pending', 'escalated')",
    );
    await queryRunner.query(`
      CREATE TABLE access_request_transitions (
        request_id  uuid NOT NULL REFERENCES access_requests (id),
        seq         integer NOT NULL,
        from_state  text,
        to_state    text NOT NULL,
        action      text NOT NULL,
        actor       text NOT NULL,
        reason      text,
        at          timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, seq)
      )`);
    await queryRunner.query(`
      CREATE TABLE grants (
        id             uuid PRIMARY KEY,
        request_id     uuid NOT NULL UNIQUE REFERENCES access_requests (id),
        consumer_code  text NOT NULL REFERENCES agencies (code),
        resource_code  text NOT NULL REFERENCES catalog_resources (code),
        provider_code  text NOT NULL REFERENCES agencies (code),
        items          text[] NOT NULL,
        row_scope      jsonb,
        purpose        text NOT NULL,
        valid_from     timestamptz NOT NULL,
        valid_to       timestamptz NOT NULL CHECK (valid_to > valid_from),
        quota          jsonb,
        coordinated    boolean NOT NULL DEFAULT false,
        status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'revoked', 'expired')),
        ended_at       timestamptz,
        ended_by       text,
        end_reason     text,
        created_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX grants_consumer_resource_idx ON grants (consumer_code, resource_code)');
    await queryRunner.query('CREATE INDEX grants_resource_idx ON grants (resource_code)');
    await queryRunner.query("CREATE INDEX grants_active_expiry_idx ON grants (valid_to) WHERE status = 'active'");
    await queryRunner.query(`
      CREATE TABLE usage_daily (
        day            date NOT NULL,
        consumer_code  text NOT NULL,
        resource_code  text NOT NULL,
        requests       bigint NOT NULL DEFAULT 0,
        records        bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (day, consumer_code, resource_code)
      )`);
    await queryRunner.query('CREATE INDEX usage_daily_resource_idx ON usage_daily (resource_code, day)');
    // The outbox. Partitioned by day of recording so retention drops whole partitions; the default
    // partition catches rows when maintenance has not created the day's partition yet. `relayed_at`
    // and `feed_seq` are set by the relay (one leader at a time) once the event is on Kafka (when
    // configured): `feed_seq` is the order in which events became visible, which the HTTP feed and
    // the per-agency delivery page by — unlike `seq`, no transaction can commit a smaller one later.
    await queryRunner.query(`
      CREATE TABLE event_log (
        seq              bigint GENERATED ALWAYS AS IDENTITY,
        id               uuid NOT NULL,
        type             text NOT NULL CHECK (type ~ '^cn\\.gov\\.hutong\\.[a-z0-9-]+(\\.[a-z0-9-]+)+\\.v[0-9]+$'),
        source           text NOT NULL,
        subject          text NOT NULL,
        time             timestamptz NOT NULL,
        datacontenttype  text NOT NULL,
        dataschema       text NOT NULL,
        data             jsonb NOT NULL,
        resource_code    text,
        recorded_at      timestamptz NOT NULL DEFAULT now(),
        relayed_at       timestamptz,
        feed_seq         bigint,
        PRIMARY KEY (seq, recorded_at)
      ) PARTITION BY RANGE (recorded_at)`);
    await queryRunner.query('CREATE TABLE event_log_default PARTITION OF event_log DEFAULT');
    await queryRunner.query('CREATE INDEX event_log_unrelayed_idx ON event_log (seq) WHERE relayed_at IS NULL');
    await queryRunner.query('CREATE INDEX event_log_feed_idx ON event_log (feed_seq) WHERE feed_seq IS NOT NULL');
    await queryRunner.query(
      'CREATE INDEX event_log_resource_feed_idx ON event_log (resource_code, feed_seq) WHERE feed_seq IS NOT NULL',
    );
    await queryRunner.query('CREATE SEQUENCE event_feed_seq');
    await queryRunner.query(`
      CREATE FUNCTION hutong_notify_event_appended() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- A non-empty payload: listeners ignore empty notifications.
        PERFORM pg_notify('hutong_events', 'appended');
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER event_log_notify AFTER INSERT ON event_log
        FOR EACH STATEMENT EXECUTE FUNCTION hutong_notify_event_appended()`);
    await queryRunner.query(`
      CREATE TABLE subscriptions (
        id             uuid PRIMARY KEY,
        consumer_code  text NOT NULL REFERENCES agencies (code),
        resource_code  text NOT NULL REFERENCES catalog_resources (code),
        event_types    text[],
        row_filter     jsonb,
        delivery       text NOT NULL CHECK (delivery IN ('kafka', 'feed')),
        status         text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleted')),
        delivered_feed_seq bigint NOT NULL DEFAULT 0,
        delivered_at   timestamptz,
        failures       integer NOT NULL DEFAULT 0,
        last_error     text,
        last_error_at  timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        deleted_at     timestamptz
      )`);
    await queryRunner.query("CREATE INDEX subscriptions_consumer_idx ON subscriptions (consumer_code) WHERE status = 'active'");
    await queryRunner.query(`
      CREATE FUNCTION hutong_notify_catalog_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'catalog_resources' THEN
          IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status OR NEW.current_version IS DISTINCT FROM OLD.current_version THEN
            PERFORM pg_notify('hutong_catalog', NEW.code);
          END IF;
        ELSE
          PERFORM pg_notify('hutong_catalog', NEW.resource_code);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER catalog_resources_notify AFTER INSERT OR UPDATE ON catalog_resources
        FOR EACH ROW EXECUTE FUNCTION hutong_notify_catalog_change()`);
    await queryRunner.query(`
      CREATE TRIGGER grants_notify AFTER INSERT OR UPDATE ON grants
        FOR EACH ROW EXECUTE FUNCTION hutong_notify_catalog_change()`);
    // The event log is append-only for the application: retention drops whole partitions as the owner.
    await queryRunner.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'hutong_app') THEN
          REVOKE DELETE, TRUNCATE ON event_log FROM hutong_app;
          GRANT USAGE, SELECT, UPDATE ON SEQUENCE event_feed_seq TO hutong_app;
        END IF;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER grants_notify ON grants');
    await queryRunner.query('DROP TRIGGER catalog_resources_notify ON catalog_resources');
    await queryRunner.query('DROP FUNCTION hutong_notify_catalog_change()');
    await queryRunner.query('DROP TABLE subscriptions');
    await queryRunner.query('DROP TRIGGER event_log_notify ON event_log');
    await queryRunner.query('DROP FUNCTION hutong_notify_event_appended()');
    await queryRunner.query('DROP SEQUENCE event_feed_seq');
    for (const table of [
      'event_log',
      'usage_daily',
      'grants',
      'access_request_transitions',
      'access_requests',
      'catalog_resource_versions',
      'catalog_resources',
      'catalog_code_sequences',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}

export { Database, type DatabaseKind, type OpenDatabaseOptions } from './database';
export { createDataSource, dataSourceOptions, type DataSourceSettings, type EntityList } from './data-source.factory';
export {
  EmbeddedPostgresInUseError,
  startEmbeddedPostgres,
  startOwnedEmbeddedPostgres,
  type EmbeddedPostgres,
  type EmbeddedPostgresOptions,
} from './embedded/embedded-postgres';
export { PgliteWireServer, type PgliteBackend, type PgliteWireServerOptions } from './embedded/pglite-wire-server';
export { MIGRATIONS } from './migrations';
export { migrationStatus, revertLastMigration, runPendingMigrations, type MigrationStatus } from './migrator';
export { PersistenceModule, type PersistenceModuleOptions } from './persistence.module';
export { redactDatabaseUrl } from './redact-url';
export { NotificationChannel, type NotificationChannelOptions } from './notifications/notification-channel';
export { ChangeFeed, type ChangeListener } from './notifications/change-feed';
export { discardClient } from './notifications/discard-client';

import { DataSource, type DataSourceOptions, type EntitySchema, type MixedList } from 'typeorm';
import { MIGRATIONS } from './migrations';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type for entity classes
export type EntityList = MixedList<Function | string | EntitySchema>;

export interface DataSourceSettings {
  readonly url: string;
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
  readonly applicationName: string;
  readonly entities?: EntityList;
  /** Sent as the startup option `-c role=…`: every pooled session runs as this role. */
  readonly sessionRole?: string;
}

/**
 * The one DataSource definition, used by the gateway, the CLI, the migration commands and the
 * tests alike. Schema changes come only from migrations; `synchronize` stays off.
 */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: settings.entities ?? [],
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: settings.poolSize,
    applicationName: settings.applicationName,
    extra: {
      max: settings.poolSize,
      // Sent as a startup parameter: no statement can hold a connection longer than this.
      statement_timeout: settings.statementTimeoutMs,
      idle_in_transaction_session_timeout: settings.statementTimeoutMs * 2,
      ...(settings.sessionRole ? { options: `-c role=${settings.sessionRole}` } : {}),
      connectionTimeoutMillis: 10_000,
      idleTimeoutMillis: 30_000,
      onConnect: keepConnectionErrorsHandled,
    },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}

/**
 * Every pooled client keeps an 'error' listener for its whole life. TypeORM listens while a client
 * is checked out and pg-pool while it is idle, but a client the server terminates can emit twice
 * (the FATAL notice, then the socket reset): the first error releases it, and the second, with no
 * listener left, would be an uncaught exception that ends the process (seen once in CI when a test
 * dropped its database under a running gateway). The error itself is not lost: the client is
 * dead and its statement has already failed.
 */
function keepConnectionErrorsHandled(client: { on(event: 'error', listener: (error: Error) => void): unknown }): void {
  client.on('error', () => undefined);
}

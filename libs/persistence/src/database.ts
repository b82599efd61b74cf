import type { AppConfig, Logger } from '@hutong/platform';
import type { DataSource } from 'typeorm';
import { createDataSource, type EntityList } from './data-source.factory';
import { startEmbeddedPostgres, startOwnedEmbeddedPostgres, type EmbeddedPostgres } from './embedded/embedded-postgres';
import { runPendingMigrations } from './migrator';
import { redactDatabaseUrl } from './redact-url';

export type DatabaseKind = 'external' | 'embedded';

export interface OpenDatabaseOptions {
  readonly config: AppConfig;
  readonly logger: Logger;
  readonly applicationName: string;
  readonly entities?: EntityList;
  /** The gateway owns the embedded server; the CLI may share the gateway's. */
  readonly embeddedMode: 'own' | 'share';
  /** Overrides config.database.runMigrations (the CLI's migrate command decides for itself). */
  readonly runMigrations?: boolean;
  /** Assume config.database.sessionRole (the gateway does; the CLI, which migrates, does not). */
  readonly useSessionRole?: boolean;
}

/**
 * An open connection pool plus, in the embedded default, the PGlite server behind it. Closing it
 * ends both in the right order (pool first, then the server it talks to).
 */
export class Database {
  private constructor(
    readonly dataSource: DataSource,
    readonly kind: DatabaseKind,
    readonly displayUrl: string,
    private readonly embedded: EmbeddedPostgres | undefined,
    private readonly logger: Logger,
  ) {}

  static async open(options: OpenDatabaseOptions): Promise<Database> {
    const { config, logger } = options;
    const sessionRole = options.useSessionRole ? config.database.sessionRole : undefined;
    if (sessionRole && !config.database.url) {
      throw new Error('DB_SESSION_ROLE needs DATABASE_URL: the embedded database has no roles to switch to');
    }
    if (sessionRole && (options.runMigrations ?? config.database.runMigrations)) {
      throw new Error(
        `DB_SESSION_ROLE=${sessionRole} cannot change the schema: run "npx hutong db migrate" as the owner and set MIGRATIONS_RUN=false`,
      );
    }
    const embedded = config.database.url ? undefined : await startEmbedded(options);
    const url = config.database.url ?? embedded?.url;
    if (!url) throw new Error('no database URL could be determined');
    const dataSource = createDataSource({
      url,
      poolSize: config.database.poolSize,
      statementTimeoutMs: config.database.statementTimeoutMs,
      applicationName: options.applicationName,
      ...(options.entities ? { entities: options.entities } : {}),
      ...(sessionRole ? { sessionRole } : {}),
    });
    try {
      await dataSource.initialize();
    } catch (error) {
      await embedded?.stop();
      throw error;
    }
    const database = new Database(dataSource, embedded ? 'embedded' : 'external', redactDatabaseUrl(url), embedded, logger);
    logger.info(
      embedded
        ? { database: 'embedded', dataDir: embedded.dataDir, url: database.displayUrl }
        : { database: 'external', url: database.displayUrl },
      embedded
        ? `database: embedded PostgreSQL with data in ${embedded.dataDir}`
        : `database: PostgreSQL at ${database.displayUrl}`,
    );
    if (options.runMigrations ?? config.database.runMigrations) await database.migrate();
    return database;
  }

  async migrate(): Promise<string[]> {
    const applied = await runPendingMigrations(this.dataSource);
    this.logger.info(
      { applied },
      applied.length > 0 ? `applied ${applied.length} migration(s)` : 'database schema is up to date',
    );
    return applied;
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.embedded?.stop();
  }
}

function startEmbedded(options: OpenDatabaseOptions): Promise<EmbeddedPostgres> {
  const { config, logger } = options;
  const start = options.embeddedMode === 'own' ? startOwnedEmbeddedPostgres : startEmbeddedPostgres;
  return start({
    dataDir: config.database.embeddedDir,
    port: config.database.embeddedPort,
    // Room for the gateway's pool plus a CLI session or two alongside it.
    maxConnections: config.database.poolSize * 2 + 4,
    logger,
  });
}

import { ConfigError, createLogger, loadAppConfig, type AppConfig, type Logger } from '@hutong/platform';
import { Database } from '@hutong/persistence';
import pino from 'pino';

/** A failure the user can act on: printed as one line, exit status 1, no stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode = 1,
    /** The gateway's HTTP status, when the failure is its answer. */
    readonly httpStatus?: number,
  ) {
    super(message);
  }
}

export interface GlobalOptions {
  readonly json?: boolean;
  readonly verbose?: boolean;
}

/**
 * What every command gets: validated configuration, a logger that writes to stderr (stdout is for
 * results, so `$(npx hutong token …)` captures only the token), and output helpers.
 */
export class CliContext {
  private constructor(
    readonly config: AppConfig,
    readonly logger: Logger,
    readonly options: GlobalOptions,
  ) {}

  static create(options: GlobalOptions): CliContext {
    let config: AppConfig;
    try {
      config = loadAppConfig();
    } catch (error) {
      if (error instanceof ConfigError) throw new CliError(error.message);
      throw error;
    }
    const logger = createLogger({
      level: options.verbose ? 'debug' : 'warn',
      name: 'hutong-cli',
      destination: pino.destination(2),
    });
    return new CliContext(config, logger, options);
  }

  /** Opens the database directly (DATABASE_URL, or the embedded one in DATA_DIR), for the commands that need it. */
  async withDatabase<T>(work: (database: Database) => Promise<T>, runMigrations = false): Promise<T> {
    const database = await Database.open({
      config: this.config,
      logger: this.logger,
      applicationName: 'hutong-cli',
      embeddedMode: 'share',
      runMigrations,
    });
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }

  /** As withDatabase, after bringing the schema up to date (for commands that may run before the first start). */
  withMigratedDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
    return this.withDatabase(work, true);
  }

  /** Prints a result: JSON with --json, otherwise the human rendering. */
  print(result: unknown, human: () => string): void {
    process.stdout.write(this.options.json ? `${JSON.stringify(result, null, 2)}\n` : `${human()}\n`);
  }
}

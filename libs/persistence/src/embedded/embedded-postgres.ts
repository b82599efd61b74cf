import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import type { Logger } from '@hutong/platform';
import { PgliteWireServer } from './pglite-wire-server';

/**
 * The embedded default (ARCHITECTURE §7): PGlite — PostgreSQL compiled to WebAssembly — with
 * PostGIS and pg_trgm, served over the PostgreSQL wire protocol on a loopback port (PgliteWireServer), so the gateway
 * talks to it with the same `pg` driver, pool and migrations as to a real server.
 *
 * PGlite opens its data directory exclusively. The process that starts it writes a small state file
 * next to the directory (pid and port) so that other processes — the `hutong` CLI while the
 * gateway runs — connect to the running server instead of opening the files a second time.
 */
export interface EmbeddedPostgres {
  readonly url: string;
  readonly dataDir: string;
  /** True when this process started the server (and must stop it). */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly port: number;
  /** Connections the multiplexer accepts; must be at least the pool size of every client together. */
  readonly maxConnections: number;
  readonly logger: Logger;
}

interface ServerState {
  readonly pid: number;
  readonly port: number;
  /** Random per start; the state file is readable by its owner only. */
  readonly password: string;
  readonly startedAt: string;
}

export class EmbeddedPostgresInUseError extends Error {
  override readonly name = 'EmbeddedPostgresInUseError';
}

export function stateFileOf(dataDir: string): string {
  return `${dataDir}.server.json`;
}

/** Connects to a running embedded server for this directory, or starts one. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const running = await findRunningServer(options.dataDir);
  if (running) {
    options.logger.info(
      { dataDir: options.dataDir, pid: running.pid, port: running.port },
      'using the embedded PostgreSQL already running for this data directory',
    );
    return { url: urlFor(running.port, running.password), dataDir: options.dataDir, owned: false, stop: () => Promise.resolve() };
  }
  return launch(options);
}

/** Like startEmbeddedPostgres, but refuses to share: a second gateway on the same files is a mistake. */
export async function startOwnedEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const running = await findRunningServer(options.dataDir);
  if (running) {
    throw new EmbeddedPostgresInUseError(
      `The embedded database in ${options.dataDir} is already served by process ${running.pid} on port ${running.port}; stop it or set DATA_DIR to another directory.`,
    );
  }
  return launch(options);
}

async function launch(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const { dataDir, logger } = options;
  // The data directory holds the database files and the gateway's signing keys: owner only.
  await mkdir(dirname(dataDir), { recursive: true, mode: 0o700 });
  await chmod(dirname(dataDir), 0o700);
  const started = performance.now();
  // Loaded lazily: the WebAssembly bundle is large and production deployments never need it.
  const [{ PGlite }, { postgis }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-postgis'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  const db = await PGlite.create({ dataDir, extensions: { postgis, pg_trgm } });
  const password = randomBytes(24).toString('base64url');
  const server = new PgliteWireServer(db, {
    host: '127.0.0.1',
    port: options.port,
    maxConnections: options.maxConnections,
    password,
    onError: (error) => logger.error({ err: error }, 'embedded PostgreSQL failed a client request'),
  });
  const port = await server.start();
  const stateFile = stateFileOf(dataDir);
  await writeFile(
    stateFile,
    JSON.stringify({ pid: process.pid, port, password, startedAt: new Date().toISOString() } satisfies ServerState),
    { mode: 0o600 },
  );
  await chmod(stateFile, 0o600);
  logger.info(
    { dataDir, port, startupMs: Math.round(performance.now() - started) },
    'embedded PostgreSQL (PGlite with PostGIS) started',
  );

  let stopped = false;
  return {
    url: urlFor(port, password),
    dataDir,
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      await rm(stateFile, { force: true });
      logger.info({ dataDir }, 'embedded PostgreSQL stopped');
    },
  };
}

function urlFor(port: number, password: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

async function findRunningServer(dataDir: string): Promise<ServerState | undefined> {
  const state = await readState(stateFileOf(dataDir));
  if (!state) return undefined;
  if (isAlive(state.pid) && (await acceptsConnections(state.port))) return state;
  // A crashed owner leaves its state file behind; it says nothing about the files any more.
  await rm(stateFileOf(dataDir), { force: true });
  return undefined;
}

async function readState(path: string): Promise<ServerState | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<ServerState>;
    if (typeof parsed.pid === 'number' && typeof parsed.port === 'number' && typeof parsed.password === 'string')
      return parsed as ServerState;
  } catch {
    // Missing or unreadable: treated as "no server".
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

import { PgliteWireServer, type PgliteBackend } from '@hutong/persistence';

/** PGlite with the same extensions the gateway's embedded default loads. */
export async function createPglite(options: { loadDataDir?: Blob } = {}) {
  const [{ PGlite }, { postgis }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite-postgis'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  return PGlite.create({
    extensions: { postgis, pg_trgm },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
}

export interface ServedPglite {
  readonly url: string;
  stop(): Promise<void>;
}

export async function servePglite(db: PgliteBackend & { close(): Promise<void> }, maxConnections = 24): Promise<ServedPglite> {
  const server = new PgliteWireServer(db, { host: '127.0.0.1', port: 0, maxConnections });
  const port = await server.start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

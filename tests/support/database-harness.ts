import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, runPendingMigrations } from '@hutong/persistence';
import pg from 'pg';
import { IN_CI } from './ci';
import { createPglite, servePglite } from './pglite';

/**
 * Integration and e2e tests run on a real PostgreSQL when DATABASE_URL is set (CI always sets it),
 * otherwise on the embedded PGlite — so `npm test` passes on a machine with nothing installed.
 * Either way each test file gets its own database cloned from one migrated template:
 *  - PostgreSQL: CREATE DATABASE … TEMPLATE;
 *  - PGlite: a fresh in-process instance loaded from a dump of the migrated one.
 */
export type DatabaseTemplate =
  | { readonly kind: 'postgres'; readonly adminUrl: string; readonly templateName: string }
  | { readonly kind: 'pglite'; readonly dumpPath: string };

export interface TestDatabase {
  readonly url: string;
  readonly kind: 'postgres' | 'pglite';
  drop(): Promise<void>;
}

export async function prepareTemplate(): Promise<{ template: DatabaseTemplate; dispose: () => Promise<void> }> {
  const adminUrl = process.env.DATABASE_URL;
  if (adminUrl) return preparePostgresTemplate(adminUrl);
  if (IN_CI) {
    throw new Error('CI must run the integration and e2e tiers on a real PostgreSQL: set DATABASE_URL (see .ci/run).');
  }
  return preparePgliteTemplate();
}

export async function createTestDatabase(template: DatabaseTemplate): Promise<TestDatabase> {
  const database = template.kind === 'postgres' ? await clonePostgres(template) : await clonePglite(template);
  // A test may drop its database on purpose (to see the gateway react); the file's teardown then must not fail.
  let dropped: Promise<void> | undefined;
  return { ...database, drop: () => (dropped ??= database.drop()) };
}

async function migrate(url: string): Promise<void> {
  const dataSource = createDataSource({ url, poolSize: 2, statementTimeoutMs: 120_000, applicationName: 'hutong-tests' });
  await dataSource.initialize();
  try {
    await runPendingMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

async function preparePostgresTemplate(adminUrl: string) {
  const templateName = `hutong_template_${process.pid}_${randomBytes(3).toString('hex')}`;
  await withAdmin(adminUrl, async (admin) => {
    await assertPostgisAvailable(admin);
    await admin.query(`CREATE DATABASE ${templateName}`);
  });
  await migrate(databaseUrl(adminUrl, templateName));
  return {
    template: { kind: 'postgres', adminUrl, templateName } as const,
    dispose: () =>
      withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`).then(() => undefined)),
  };
}

async function assertPostgisAvailable(admin: pg.Client): Promise<void> {
  const { rows } = await admin.query<{ n: string }>("SELECT count(*) AS n FROM pg_available_extensions WHERE name = 'postgis'");
  if (rows[0]?.n === '0') {
    throw new Error(
      'PostGIS is not installed on the PostgreSQL server at DATABASE_URL (apt-get install postgresql-15-postgis-3).',
    );
  }
}

async function clonePostgres(template: Extract<DatabaseTemplate, { kind: 'postgres' }>): Promise<TestDatabase> {
  const name = `hutong_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  // CREATE DATABASE … TEMPLATE fails while another session is connected to the template; files
  // start at the same moment, so retry briefly.
  await withAdmin(template.adminUrl, async (admin) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.templateName}`);
        return;
      } catch (error) {
        if (attempt >= 20 || !String(error).includes('is being accessed by other users')) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  return {
    url: databaseUrl(template.adminUrl, name),
    kind: 'postgres',
    drop: () =>
      withAdmin(template.adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).then(() => undefined)),
  };
}

async function preparePgliteTemplate() {
  const db = await createPglite();
  const served = await servePglite(db, 4);
  try {
    await migrate(served.url);
  } catch (error) {
    await served.stop();
    throw error;
  }
  const dump = await db.dumpDataDir('none');
  await served.stop();
  const dumpPath = join(tmpdir(), `hutong-template-${process.pid}-${randomBytes(3).toString('hex')}.tar`);
  await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  return {
    template: { kind: 'pglite', dumpPath } as const,
    dispose: async () => {
      const { rm } = await import('node:fs/promises');
      await rm(dumpPath, { force: true });
    },
  };
}

async function clonePglite(template: Extract<DatabaseTemplate, { kind: 'pglite' }>): Promise<TestDatabase> {
  const dump = new Blob([await readFile(template.dumpPath)]);
  const served = await servePglite(await createPglite({ loadDataDir: dump }));
  return { url: served.url, kind: 'pglite', drop: () => served.stop() };
}

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

import { createHash } from 'node:crypto';
import { PgliteWireServer } from '@hutong/persistence';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPglite } from '../support/pglite';

/**
 * The embedded default serves the gateway's whole connection pool from one PGlite session. These
 * tests drive it the way the gateway does — many pooled connections, extended-protocol queries,
 * overlapping transactions — and check every answer.
 */
describe('PgliteWireServer', () => {
  let db: Awaited<ReturnType<typeof createPglite>>;
  let server: PgliteWireServer;
  let url: string;

  beforeAll(async () => {
    db = await createPglite();
    server = new PgliteWireServer(db, { host: '127.0.0.1', port: 0, maxConnections: 12 });
    url = `postgres://postgres@127.0.0.1:${await server.start()}/postgres`;
    await db.exec('CREATE TABLE ledger (id serial PRIMARY KEY, account int NOT NULL, amount int NOT NULL)');
  });
  afterAll(async () => {
    await server.stop();
    await db.close();
  });

  it('answers hundreds of concurrent parameterised queries of different shapes correctly', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    try {
      const results = await Promise.all(
        Array.from({ length: 400 }, async (_, i) => {
          if (i % 3 === 0) return (await pool.query<{ v: number }>('SELECT $1::int * 2 AS v', [i])).rows[0]?.v === i * 2;
          if (i % 3 === 1)
            return (
              (await pool.query<{ v: string }>("SELECT $1::text || '-' || $2::text AS v", [`a${i}`, 'b'])).rows[0]?.v ===
              `a${i}-b`
            );
          const rows = (await pool.query<{ n: number }>('SELECT generate_series(1, $1::int) AS n', [(i % 7) + 1])).rows;
          return rows.length === (i % 7) + 1;
        }),
      );
      expect(results.every(Boolean)).toBe(true);
    } finally {
      await pool.end();
    }
  });

  it('delivers results of megabytes intact to several clients at once (output copied before the socket queues it)', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 4, query_timeout: 20_000 });
    try {
      const sql = `SELECT i, repeat(md5(i::text || $1::text), 32) AS payload FROM generate_series(1, 20000) AS i`;
      const answers = await Promise.all(
        ['a', 'b', 'c', 'd'].map(async (salt) => ({
          salt,
          rows: (await pool.query<{ i: number; payload: string }>(sql, [salt])).rows,
        })),
      );
      for (const { salt, rows } of answers) {
        expect(rows).toHaveLength(20000);
        const wrong = rows.filter((row) => row.payload !== createHash('md5').update(`${row.i}${salt}`).digest('hex').repeat(32));
        expect(wrong).toHaveLength(0);
      }
    } finally {
      await pool.end();
    }
  });

  it('keeps overlapping transactions whole: committed ones count, rolled-back ones vanish', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 8 });
    try {
      await Promise.all(
        Array.from({ length: 24 }, async (_, i) => {
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await client.query('INSERT INTO ledger (account, amount) VALUES ($1, $2)', [i, 10]);
            await new Promise((r) => setTimeout(r, Math.random() * 5));
            await client.query('INSERT INTO ledger (account, amount) VALUES ($1, $2)', [i, 5]);
            await client.query(i % 4 === 0 ? 'ROLLBACK' : 'COMMIT');
          } finally {
            client.release();
          }
        }),
      );
      const { rows } = await pool.query<{ n: string; total: string }>('SELECT count(*) AS n, sum(amount) AS total FROM ledger');
      expect(rows[0]).toEqual({ n: '36', total: '270' });
    } finally {
      await pool.end();
    }
  });

  it('isolates a failing statement: its client gets the error, the others carry on', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 4, query_timeout: 20_000 });
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => (i % 5 === 0 ? pool.query('SELECT 1/0') : pool.query('SELECT $1::int AS v', [i]))),
      );
      outcomes.forEach((outcome, i) => expect(outcome.status).toBe(i % 5 === 0 ? 'rejected' : 'fulfilled'));
      await expect(pool.query('SELECT 42 AS v')).resolves.toMatchObject({ rows: [{ v: 42 }] });
    } finally {
      await pool.end();
    }
  });

  it('rolls back the transaction of a client that disconnects in the middle of it', async () => {
    const quitter = new pg.Client({ connectionString: url });
    quitter.on('error', () => undefined);
    await quitter.connect();
    await quitter.query('BEGIN');
    await quitter.query('INSERT INTO ledger (account, amount) VALUES (999, 1)');
    // The other client queues behind the open transaction; it may only run once that is gone.
    const other = new pg.Client({ connectionString: url });
    const waiting = other
      .connect()
      .then(() => other.query<{ n: string }>('SELECT count(*) AS n FROM ledger WHERE account = 999'));
    await new Promise((r) => setTimeout(r, 50));
    (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const { rows } = await waiting;
    expect(rows[0]?.n).toBe('0');
    await other.end();
  });

  it('refuses connections beyond the limit with a PostgreSQL error, not garbage', async () => {
    const pool = new pg.Pool({ connectionString: url, max: 20 });
    pool.on('error', () => undefined);
    const clients = await Promise.allSettled(Array.from({ length: 14 }, () => pool.connect()));
    const refused = clients.filter((c): c is PromiseRejectedResult => c.status === 'rejected');
    expect(refused.length).toBeGreaterThan(0);
    expect(String(refused[0]?.reason)).toContain('too many connections');
    for (const c of clients) if (c.status === 'fulfilled') c.value.release();
    await pool.end();
  });
});

import { existsSync, readdirSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { bootstrapOperator, hasOperator } from '@hutong/identity';
import { HealthRegistry, type AppConfig, type Logger } from '@hutong/platform';
import { DEMO_AGENCIES, DEMO_OPERATOR, DEMO_REVIEWER } from '../../../seeds/demo/demo-city';
import { DemoClient } from '../../../seeds/demo/demo-client';
import { DEMO_LOADED_MARKER, seedDemoCity } from '../../../seeds/demo/seed-demo';

type DemoState = 'loading' | 'loaded' | 'failed';

/** What start-up does about the demo city: nothing, load it, or load it after setting aside keys of another database. */
export type DemoCityPlan = 'skip' | 'load' | 'load-without-stale-keys';

/**
 * The demo city on start-up (DEMO_CITY): with `auto`, on the first start of the embedded default
 * outside production — no operator in the database yet, or a demo load that an earlier start began
 * and did not finish — and always with `on`. Decided before the gateway listens, so /health/ready
 * says "unavailable" from the first probe until the city is loaded: a newcomer (or a script) knows
 * when the walkthrough can start. The returned loader runs once the gateway listens: it goes
 * through the gateway's own API, exactly as `hutong seed demo` would.
 */
export async function prepareDemoCity(
  app: NestFastifyApplication,
  config: AppConfig,
  logger: Logger,
): Promise<(() => Promise<void>) | undefined> {
  const keysDir = join(config.dataDir, 'demo-keys');
  const dataSource = app.get(DataSource);
  const plan = await planDemoCity(config, keysDir, () => hasOperator(dataSource));
  if (plan === 'skip') return undefined;
  if (plan === 'load-without-stale-keys') {
    const aside = `${keysDir}.stale-${Date.now()}`;
    await rename(keysDir, aside);
    logger.warn({ aside }, 'the demo keys belonged to another database (nobody is registered in this one): set aside');
  }
  let state: DemoState = 'loading';
  app.get(HealthRegistry).register({
    name: 'demo-city',
    // A failed load is in the log, not held against readiness (the gateway itself works) nor told to anonymous callers.
    check: () => Promise.resolve({ status: state === 'loading' ? 'down' : 'up', detail: { state } }),
  });
  return async () => {
    logger.info({ keysDir }, 'loading the demo city (a few seconds)');
    try {
      const summary = await seedDemoCity({
        client: new DemoClient(ownUrl(app), keysDir, { selfCall: true }),
        bootstrapOperator: (publicJwk, kid) =>
          bootstrapOperator(dataSource, { code: DEMO_OPERATOR.code, name: DEMO_OPERATOR.name, publicJwk, kid }),
        log: (message) => logger.info(`demo city: ${message}`),
      });
      state = 'loaded';
      const guide = whereToLook(config, keysDir);
      logger.info({ keysDir, datasets: summary.datasets, registries: summary.registries }, guide.join(' '));
      // The log on stdout is JSON for machines; the newcomer who ran `npm start` reads this.
      process.stderr.write(`\n${guide.join('\n')}\n\n`);
    } catch (error) {
      state = 'failed';
      const message = error instanceof Error ? error.message : String(error);
      logger.error({ err: error }, `the demo city could not be loaded (${message}); retry with: npx hutong seed demo`);
    }
  };
}

/**
 * `auto`: only the embedded database outside production. A database nobody has set up gets the
 * city (keys left from an earlier database are set aside: they would sign for principals this one
 * does not know); a database with an operator gets it only to finish a load begun here.
 */
export async function planDemoCity(
  config: Pick<AppConfig, 'demoCity' | 'database' | 'isProduction'>,
  keysDir: string,
  operatorExists: () => Promise<boolean>,
): Promise<DemoCityPlan> {
  if (config.demoCity === 'off') return 'skip';
  if (config.demoCity === 'auto' && (config.database.url !== undefined || config.isProduction)) return 'skip';
  const keys = existsSync(keysDir) ? readdirSync(keysDir) : [];
  if (!(await operatorExists())) return keys.length > 0 ? 'load-without-stale-keys' : 'load';
  if (config.demoCity === 'on') return 'load';
  const begunHere = keys.includes(`${DEMO_OPERATOR.code}.jwk`);
  return begunHere && !keys.includes(DEMO_LOADED_MARKER) ? 'load' : 'skip';
}

/** The gateway calls itself on loopback: PUBLIC_BASE_URL may name a proxy this process cannot reach. */
function ownUrl(app: NestFastifyApplication): string {
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('the gateway is not listening on a TCP port');
  return `http://127.0.0.1:${address.port}`;
}

function whereToLook(config: AppConfig, keysDir: string): string[] {
  const base = config.http.publicBaseUrl;
  return [
    `Demo city ready at ${base}. Walk through it: README.md, section "Try it".`,
    `Keys of the operator (${DEMO_OPERATOR.code}), the reviewer (${DEMO_REVIEWER.code}) and every agency: ${keysDir}/<code>.jwk`,
    `A token as 广州市民政局: npx hutong token --principal ${DEMO_AGENCIES.civilAffairs.code}`,
    `The API: contracts/openapi.yaml; the catalog: ${base}/catalog/dcat; health: ${base}/health/ready`,
  ];
}

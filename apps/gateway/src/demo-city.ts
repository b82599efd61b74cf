import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { bootstrapOperator, hasOperator } from '@hutong/identity';
import { HealthRegistry, type AppConfig, type Logger } from '@hutong/platform';
import { DEMO_AGENCIES, DEMO_OPERATOR, DEMO_REVIEWER } from '../../../seeds/demo/demo-city';
import { DemoClient } from '../../../seeds/demo/demo-client';
import { seedDemoCity } from '../../../seeds/demo/seed-demo';

/** Written into the keys directory once the demo city is complete; `auto` then never loads it again. */
const LOADED_MARKER = '.loaded';

type DemoState = { state: 'loading' } | { state: 'loaded' } | { state: 'failed'; error: string };

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
  if (!(await demoCityWanted(config, keysDir, () => hasOperator(dataSource)))) return undefined;
  let status: DemoState = { state: 'loading' };
  app.get(HealthRegistry).register({
    name: 'demo-city',
    // A failed demo load is reported, not held against readiness: the gateway itself works.
    check: () => Promise.resolve({ status: status.state === 'loading' ? 'down' : 'up', detail: { ...status } }),
  });
  return async () => {
    logger.info({ keysDir }, 'loading the demo city (a few seconds)');
    try {
      const summary = await seedDemoCity({
        client: new DemoClient(ownUrl(app), keysDir),
        bootstrapOperator: (publicJwk, kid) =>
          bootstrapOperator(dataSource, { code: DEMO_OPERATOR.code, name: DEMO_OPERATOR.name, publicJwk, kid }),
        log: (message) => logger.info(`demo city: ${message}`),
      });
      await writeFile(join(keysDir, LOADED_MARKER), `${new Date().toISOString()}\n`);
      status = { state: 'loaded' };
      const guide = whereToLook(config, keysDir);
      logger.info({ keysDir, datasets: summary.datasets, registries: summary.registries }, guide.join(' '));
      // The log on stdout is JSON for machines; the newcomer who ran `npm start` reads this.
      process.stderr.write(`\n${guide.join('\n')}\n\n`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      status = { state: 'failed', error: message };
      logger.error({ err: error }, `the demo city could not be loaded (${message}); retry with: npx hutong seed demo`);
    }
  };
}

/** `auto`: the embedded database outside production, not loaded yet, and either begun here or nobody set up. */
export async function demoCityWanted(
  config: Pick<AppConfig, 'demoCity' | 'database' | 'isProduction'>,
  keysDir: string,
  operatorExists: () => Promise<boolean>,
): Promise<boolean> {
  if (config.demoCity !== 'auto') return config.demoCity === 'on';
  if (config.database.url !== undefined || config.isProduction) return false;
  if (existsSync(join(keysDir, LOADED_MARKER))) return false;
  const begunHere = existsSync(join(keysDir, `${DEMO_OPERATOR.code}.jwk`));
  return begunHere || !(await operatorExists());
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

import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * Three tiers (ARCHITECTURE §8):
 * - unit: colocated *.spec.ts, no I/O;
 * - integration: tests/integration, real PostgreSQL (a database per file cloned from a migrated
 *   template) and the Kafka mock cluster;
 * - e2e: tests/e2e, the whole app over HTTP with supertest.
 * Integration and e2e use PostgreSQL at DATABASE_URL when set, else the embedded PGlite.
 * esbuild drops decorator metadata, so every tier compiles with SWC.
 */
const root = dirname(fileURLToPath(import.meta.url));

const alias = {
  '@hutong/platform': resolve(root, 'libs/platform/src/index.ts'),
  '@hutong/persistence': resolve(root, 'libs/persistence/src/index.ts'),
  '@hutong/gb-codes': resolve(root, 'libs/gb-codes/src/index.ts'),
  '@hutong/exchange': resolve(root, 'libs/exchange/src/index.ts'),
  '@hutong/identity': resolve(root, 'libs/identity/src/index.ts'),
  '@hutong/audit': resolve(root, 'libs/audit/src/index.ts'),
  '@hutong/catalog': resolve(root, 'libs/catalog/src/index.ts'),
  '@hutong/registries': resolve(root, 'libs/registries/src/index.ts'),
  '@hutong/spatial': resolve(root, 'libs/spatial/src/index.ts'),
  '@hutong/macro': resolve(root, 'libs/macro/src/index.ts'),
  '@hutong/datasets': resolve(root, 'libs/datasets/src/index.ts'),
};

const swcPlugin = swc.vite({ module: { type: 'es6' } });

function tier(name: string, include: string[], withServices: boolean): TestProjectInlineConfiguration {
  return {
    plugins: [swcPlugin],
    resolve: { alias },
    test: {
      name,
      include,
      environment: 'node',
      pool: 'forks',
      setupFiles: ['reflect-metadata'],
      ...(withServices
        ? {
            globalSetup: ['tests/support/global-setup.ts'],
            testTimeout: 60_000,
            hookTimeout: 180_000,
          }
        : {}),
    },
  };
}

export default defineConfig({
  plugins: [swcPlugin],
  resolve: { alias },
  test: {
    maxWorkers: 2,
    // .ci/run asks for a machine-readable report to print its own "N passed, M failed" line.
    reporters: process.env.VITEST_JSON_REPORT
      ? ['default', ['json', { outputFile: process.env.VITEST_JSON_REPORT }]]
      : ['default'],
    projects: [
      tier('unit', ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'seeds/**/*.spec.ts', 'tests/support/**/*.spec.ts'], false),
      tier('integration', ['tests/integration/**/*.test.ts'], true),
      tier('e2e', ['tests/e2e/**/*.test.ts'], true),
    ],
  },
});

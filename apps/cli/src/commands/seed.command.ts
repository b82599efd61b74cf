import { join } from 'node:path';
import type { Command } from 'commander';
import { bootstrapOperator } from '@hutong/identity';
import { DemoClient } from '../../../../seeds/demo/demo-client';
import { DEMO_OPERATOR } from '../../../../seeds/demo/demo-city';
import { seedDemoCity } from '../../../../seeds/demo/seed-demo';
import type { CliRunner } from '../cli-runner';
import { DEFAULT_URL } from '../hutong-client';
import { registerSeedScaleCommand } from './seed-scale.command';

interface SeedDemoOptions {
  url?: string;
  keysDir?: string;
}

export function registerSeedCommands(program: Command, run: CliRunner): void {
  const seed = program.command('seed').description('Load data: the demo city (and, for evaluations, scale data)');

  seed
    .command('demo')
    .description(
      'Load the demo city through the running gateway: operator, reviewer and agencies with their keys, the registries installed, the example datasets with records (again: changes nothing)',
    )
    .option('--url <url>', `gateway URL (env HUTONG_URL, default ${DEFAULT_URL})`)
    .option('--keys-dir <dir>', 'where the demo private keys go (default: DATA_DIR/demo-keys)')
    .action(
      run(async (ctx, options: SeedDemoOptions) => {
        const client = new DemoClient(
          options.url ?? process.env.HUTONG_URL ?? DEFAULT_URL,
          options.keysDir ?? join(ctx.config.dataDir, 'demo-keys'),
        );
        const summary = await seedDemoCity({
          client,
          // The first operator goes straight into the database (as `hutong operator create`); the rest is API calls.
          bootstrapOperator: (publicJwk, kid) =>
            ctx.withMigratedDatabase((database) =>
              bootstrapOperator(database.dataSource, { code: DEMO_OPERATOR.code, name: DEMO_OPERATOR.name, publicJwk, kid }),
            ),
          log: (message) => process.stderr.write(`${message}\n`),
        });
        ctx.print(summary, () =>
          [
            `Demo city loaded: ${summary.agencies} agencies, registries ${summary.registries.join(', ')}, datasets ${summary.datasets.join(', ')}.`,
            `Private keys: ${summary.keysDir}/<code>.jwk — e.g. npx hutong token --principal ${summary.operator} --key ${summary.keysDir}/${summary.operator}.jwk`,
          ].join('\n'),
        );
      }),
    );
  registerSeedScaleCommand(seed, run);
}

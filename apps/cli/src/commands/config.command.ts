import type { Command } from 'commander';
import type { KafkaSaslCredentials } from '@hutong/platform';
import { redactDatabaseUrl } from '@hutong/persistence';
import type { CliRunner } from '../cli-runner';

export function registerConfigCommands(program: Command, run: CliRunner): void {
  program
    .command('config')
    .description('Configuration')
    .command('check')
    .description('Validate the environment and print the effective configuration (secrets redacted)')
    .action(
      run((ctx) => {
        const { config } = ctx;
        const effective = {
          env: config.env,
          dataDir: config.dataDir,
          logLevel: config.logLevel,
          http: config.http,
          database: {
            ...config.database,
            url: config.database.url ? redactDatabaseUrl(config.database.url) : `(embedded, ${config.database.embeddedDir})`,
          },
          kafka:
            config.kafka.brokers.length > 0 ? { ...config.kafka, sasl: redactedSasl(config.kafka.sasl) } : '(not configured)',
        };
        ctx.print(effective, () => JSON.stringify(effective, null, 2));
        return Promise.resolve();
      }),
    );
}

/** Who the gateway logs in to Kafka as; the password is shown only as being set. */
function redactedSasl(sasl: KafkaSaslCredentials | undefined): object | string {
  return sasl ? { mechanism: sasl.mechanism, username: sasl.username, password: '***' } : '(none)';
}

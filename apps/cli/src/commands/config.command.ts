import type { Command } from 'commander';
import type { KafkaSaslCredentials } from '@hutong/platform';
import { redactDatabaseUrl } from '@hutong/persistence';
import type { CliRunner } from '../cli-runner';

export function registerConfigCommands(program: Command, run: CliRunner): void {
  program
    .command('config')
    .description('Configuration: every setting comes from the environment (README "Configuration")')
    .addHelpText(
      'after',
      `
Examples:
  npx hutong config check
  # a wrong value fails with one line naming the variable, exit status 1
  PORT=abc npx hutong config check
  # for scripts
  npx hutong --json config check`,
    )
    .command('check')
    .description(
      'Validate the environment (as the gateway does at start-up) and print the effective configuration, secrets redacted',
    )
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
        ctx.print(effective, () => ['Configuration is valid:', ...settingLines(effective)].join('\n'));
        return Promise.resolve();
      }),
    );
}

/** Who the gateway logs in to Kafka as; the password is shown only as being set. */
function redactedSasl(sasl: KafkaSaslCredentials | undefined): object | string {
  return sasl ? { mechanism: sasl.mechanism, username: sasl.username, password: '***' } : '(none)';
}

/** `name  value` lines, nested settings as dotted names, aligned. */
function settingLines(settings: object): string[] {
  const rows: Array<[string, string]> = [];
  const walk = (value: unknown, name: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, name ? `${name}.${key}` : key);
    } else {
      const text =
        value === undefined
          ? '(unset)'
          : Array.isArray(value)
            ? value.join(',')
            : typeof value === 'string'
              ? value
              : JSON.stringify(value);
      rows.push([name, text]);
    }
  };
  walk(settings, '');
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`);
}

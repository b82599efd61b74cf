import type { Command } from 'commander';
import { EventLogPartitions } from '@hutong/exchange';
import type { CliRunner } from '../cli-runner';

export function registerEventsCommands(program: Command, run: CliRunner): void {
  const events = program
    .command('events')
    .description('The exchange event log (outbox): partition maintenance, directly on the database')
    .addHelpText(
      'after',
      `
Examples:
  # the gateway runs this hourly; if its role may not run DDL, run it daily as the
  # table owner, with the gateway's EVENT_RETENTION_DAYS
  DATABASE_URL=postgres://owner@db.internal:5432/hutong npx hutong events partition`,
    );

  events
    .command('partition')
    .description(
      'Create the next days’ event-log partitions and drop days past EVENT_RETENTION_DAYS (default 30) whose events were all relayed (as the table owner; DATABASE_URL, or the embedded database in DATA_DIR)',
    )
    .action(
      run(async (ctx) => {
        const result = await ctx.withDatabase((database) =>
          new EventLogPartitions(database.dataSource).maintain(ctx.config.exchange.retentionDays),
        );
        ctx.print(result ?? { busy: true }, () =>
          result
            ? `Created ${result.created.length} partition(s), dropped ${result.dropped.length}, deleted ${result.defaultRowsDeleted} old row(s) from the default partition${result.skipped.length > 0 ? `; left in the default partition: ${result.skipped.join(', ')}` : ''}.`
            : 'Another instance is maintaining the partitions right now; nothing done.',
        );
      }),
    );
}

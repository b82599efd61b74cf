import type { Command } from 'commander';
import { migrationStatus, revertLastMigration } from '@hutong/persistence';
import type { CliRunner } from '../cli-runner';

export function registerDbCommands(program: Command, run: CliRunner): void {
  const db = program
    .command('db')
    .description(
      'Database schema: apply, revert and inspect migrations (directly on DATABASE_URL, or the embedded database in DATA_DIR)',
    )
    .addHelpText(
      'after',
      `
Examples:
  # the embedded database in .data (this works while the gateway runs)
  npx hutong db status
  # your own PostgreSQL, as the owner of the schema
  DATABASE_URL=postgres://hutong@db.internal:5432/hutong npx hutong db migrate
  # for scripts: [{ "name": …, "applied": true|false }, …]
  npx hutong --json db status`,
    );

  db.command('migrate')
    .description('Apply every pending migration (DATABASE_URL, or the embedded database in DATA_DIR)')
    .action(
      run(async (ctx) => {
        const applied = await ctx.withDatabase((database) => database.migrate());
        ctx.print({ applied }, () => (applied.length === 0 ? 'Schema is up to date.' : `Applied:\n  ${applied.join('\n  ')}`));
      }),
    );

  db.command('revert')
    .description('Revert the most recently applied migration (one per run)')
    .action(
      run(async (ctx) => {
        const reverted = await ctx.withDatabase((database) => revertLastMigration(database.dataSource));
        ctx.print({ reverted: reverted ?? null }, () => (reverted ? `Reverted ${reverted}.` : 'Nothing to revert.'));
      }),
    );

  db.command('status')
    .description('List every migration and whether it is applied')
    .action(
      run(async (ctx) => {
        const status = await ctx.withDatabase((database) => migrationStatus(database.dataSource));
        ctx.print(status, () => status.map((m) => `${m.applied ? '[x]' : '[ ]'} ${m.name}`).join('\n'));
      }),
    );
}

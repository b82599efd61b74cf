import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { createRunner } from './cli-runner';
import { registerAgencyCommands } from './commands/agency.command';
import { registerAuditCommands } from './commands/audit.command';
import { registerConfigCommands } from './commands/config.command';
import { registerDbCommands } from './commands/db.command';
import { registerEventsCommands } from './commands/events.command';
import { registerKeysCommands } from './commands/keys.command';
import { registerSeedCommands } from './commands/seed.command';
import { registerStaffCommands } from './commands/operator.command';
import { registerTokenCommand } from './commands/token.command';

export function buildProgram(): Command {
  const program = new Command()
    .name('hutong')
    .description('Hutong (互通) government data-exchange gateway: operator and agency command line')
    .version(packageVersion(), '-V, --version')
    .option('--json', 'print results as JSON')
    .option('-v, --verbose', 'log details to stderr')
    .showHelpAfterError('(run with --help for usage)');
  const run = createRunner(() => program.opts());
  registerDbCommands(program, run);
  registerEventsCommands(program, run);
  registerConfigCommands(program, run);
  registerStaffCommands(program, run);
  registerAgencyCommands(program, run);
  registerKeysCommands(program, run);
  registerTokenCommand(program, run);
  registerAuditCommands(program, run);
  registerSeedCommands(program, run);
  return program;
}

function packageVersion(): string {
  // apps/cli/src (sources) and dist/apps/cli/src (build) are both a fixed distance from the root.
  for (const up of ['../../..', '../../../..']) {
    try {
      return (JSON.parse(readFileSync(join(__dirname, up, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // try the next candidate
    }
  }
  return 'unknown';
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`hutong: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}

import 'reflect-metadata';
import { Command } from 'commander';
import { createRunner } from './cli-runner';
import { registerConfigCommands } from './commands/config.command';
import { registerDbCommands } from './commands/db.command';

export function buildProgram(): Command {
  const program = new Command()
    .name('hutong')
    .description('Hutong (互通) government data-exchange gateway: operator and agency command line')
    .option('--json', 'print results as JSON')
    .option('-v, --verbose', 'log details to stderr')
    .showHelpAfterError('(run with --help for usage)');
  const run = createRunner(() => program.opts());
  registerDbCommands(program, run);
  registerConfigCommands(program, run);
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`hutong: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    });
}

import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Help } from 'commander';
import { createRunner } from './cli-runner';
import { DEFAULT_URL } from './hutong-client';
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
  // Subcommands copy the output, help and error settings when they are created: set them first.
  const program = new Command()
    .name('hutong')
    .description('Hutong (互通) government data-exchange gateway: operator and agency command line')
    .version(packageVersion(), '-V, --version', 'print the version number')
    .option('--json', 'print results as JSON on stdout (default: human-readable text; logs and errors go to stderr)')
    .option('-v, --verbose', 'log details to stderr, and a stack trace with an unexpected error')
    .helpOption('-h, --help', 'show help for the command')
    .helpCommand('help [command]', 'show help for a command')
    .configureHelp({
      // Under every command: --json and --verbose work anywhere on the line; --version only on its own.
      showGlobalOptions: true,
      visibleGlobalOptions: (command) => {
        const options = [];
        for (let ancestor = command.parent; ancestor; ancestor = ancestor.parent)
          options.push(...ancestor.options.filter((option) => !option.hidden && option.long !== '--version'));
        return options;
      },
      optionDescription: (option) => {
        const text = plainHelp.optionDescription(option);
        return option.mandatory ? `${text} (required)` : text;
      },
    })
    .configureOutput({
      // Usage errors ("unknown command 'x'", "required option '--code <code>' not specified") read like
      // the commands' own failures: one line, "hutong: …", with the pointer to --help on the same line.
      outputError: (message, write) =>
        write(
          `${message
            .replace(/^error: /, 'hutong: ')
            .trim()
            .replace(/\s*\n\s*/g, ' ')} (run with --help for usage)\n`,
        ),
    })
    .addHelpText('after', FIRST_STEPS);
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

const plainHelp = new Help();

const FIRST_STEPS = `
First steps (README "Try it"):
  npm start                    the gateway; its first start also loads the demo city
  npx hutong seed demo         load the demo city into the running gateway: staff,
                               agencies and their keys in .data/demo-keys, registries
                               and datasets (again: changes nothing)
  npx hutong token --principal <code>
                               an access token (with the demo key of <code>, or
                               --key <file>), for curl -H "Authorization: Bearer …"
  npx hutong config check      the effective configuration, from the environment
  npx hutong <command> --help  the options of any command

Commands that call the gateway take --url (env HUTONG_URL, default
${DEFAULT_URL}); operator commands act with --as and --key
(env HUTONG_AS, HUTONG_KEY). db, events, audit and operator create open the
database directly: DATABASE_URL, or the embedded one in DATA_DIR (.data).`;

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

import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './main';

/** Every command of the tree, depth first, with the words that invoke it (the root has none). */
function walk(command: Command, path: string[] = []): Array<{ path: string[]; command: Command }> {
  return [{ path, command }, ...command.commands.flatMap((sub) => walk(sub, [...path, sub.name()]))];
}

const label = (path: string[]): string => ['hutong', ...path].join(' ');

/** Runs the program on `args` with every command writing to strings and throwing instead of exiting. */
async function parse(args: string[]): Promise<{ out: string; err: string; exit: CommanderError | undefined }> {
  const program = buildProgram();
  let out = '';
  let err = '';
  for (const { command } of walk(program)) {
    // Copied from the root when each command was made, so set on every one. configureOutput merges:
    // the program's own outputError (under test too) stays.
    command.exitOverride().configureOutput({
      writeOut: (text) => (out += text),
      writeErr: (text) => (err += text),
    });
  }
  try {
    await program.parseAsync(args, { from: 'user' });
    return { out, err, exit: undefined };
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return { out, err, exit: error };
  }
}

const commands = walk(buildProgram());

describe('hutong command tree', () => {
  it('has the commands the README documents', () => {
    const names = commands.map(({ path }) => path.join(' '));
    for (const name of ['db migrate', 'config check', 'agency create', 'keys rotate', 'audit verify', 'reviewer create'])
      expect(names).toContain(name);
  });

  it.each(commands.map(({ path, command }) => [label(path), command] as const))('%s has a description', (_, command) => {
    expect(command.description().trim()).not.toBe('');
  });

  it.each(commands.map(({ path, command }) => [label(path), command] as const))(
    'every option and argument of %s has a description',
    (_, command) => {
      const undescribed = [
        ...command.options.filter((option) => !option.description.trim()).map((option) => option.flags),
        ...command.registeredArguments.filter((argument) => !argument.description.trim()).map((argument) => argument.name()),
      ];
      expect(undescribed).toEqual([]);
    },
  );

  it.each(commands.map(({ path, command }) => [label(path), command] as const))(
    'the help of %s marks each required option',
    (_, command) => {
      const help = command.createHelp();
      for (const option of command.options.filter((o) => o.mandatory))
        expect(help.optionDescription(option)).toMatch(/\(required\)$/);
    },
  );
});

describe('hutong … --help', () => {
  it.each(commands.map(({ path, command }) => [label(path), path, command] as const))(
    '%s --help renders on stdout and exits 0',
    async (name, path, command) => {
      const { out, err, exit } = await parse([...path, '--help']);
      expect(exit?.code).toBe('commander.helpDisplayed');
      expect(exit?.exitCode).toBe(0);
      expect(err).toBe('');
      expect(out).toContain(`Usage: ${name}`);
      // The first words of the description (help wraps long ones).
      expect(out.replace(/\s+/g, ' ')).toContain(command.description().split(/\s+/).slice(0, 4).join(' '));
      if (path.length > 0) expect(out).toMatch(/^Global Options:\n {2}--json/m);
    },
  );

  it('lists every top-level command and points at the first steps', async () => {
    const { out } = await parse(['--help']);
    for (const { path } of commands.filter(({ path }) => path.length === 1))
      expect(out).toMatch(new RegExp(`^ {2}${path[0]}\\b`, 'm'));
    expect(out).toContain('npx hutong seed demo');
    expect(out).toContain('npx hutong token --principal <code>');
    expect(out).toContain('README "Try it"');
  });

  it.each(['db', 'audit', 'agency', 'keys', 'operator', 'reviewer', 'events', 'config'])(
    'hutong %s --help shows examples of its commands',
    async (group) => {
      const { out } = await parse([group, '--help']);
      const examples = out.slice(out.indexOf('\nExamples:\n'));
      expect(out).toContain('\nExamples:\n');
      expect(examples).toContain(`npx hutong ${group} `);
    },
  );
});

describe('usage errors', () => {
  it('an unknown command is one line naming it, and a failing exit', async () => {
    const { out, err, exit } = await parse(['nosuch']);
    expect(exit?.exitCode).toBe(1);
    expect(out).toBe('');
    expect(err).toBe("hutong: unknown command 'nosuch' (run with --help for usage)\n");
  });

  it('an unknown option is one line naming it', async () => {
    const { err, exit } = await parse(['config', 'check', '--nosuch']);
    expect(exit?.exitCode).toBe(1);
    expect(err).toBe("hutong: unknown option '--nosuch' (run with --help for usage)\n");
  });

  it('a missing required option is one line naming it', async () => {
    const { err, exit } = await parse(['agency', 'create', '--code', '1144010000610728X4', '--level', 'city']);
    expect(exit?.exitCode).toBe(1);
    expect(err).toBe("hutong: required option '--name <name>' not specified (run with --help for usage)\n");
  });

  it('a missing argument is one line naming it', async () => {
    const { err, exit } = await parse(['agency', 'suspend']);
    expect(exit?.exitCode).toBe(1);
    expect(err).toBe("hutong: missing required argument 'code' (run with --help for usage)\n");
  });
});

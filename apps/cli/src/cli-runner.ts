import { CliContext, CliError, type GlobalOptions } from './cli-context';

export type CliAction<A extends unknown[]> = (ctx: CliContext, ...args: A) => Promise<void>;
export type CliRunner = <A extends unknown[]>(action: CliAction<A>) => (...args: A) => Promise<void>;

/**
 * Wraps a command action: builds the context from the global options, and turns any failure into
 * one line on stderr and a non-zero exit status (a stack trace only with --verbose).
 */
export function createRunner(globalOptions: () => GlobalOptions): CliRunner {
  return (action) =>
    async (...args) => {
      const options = globalOptions();
      try {
        const ctx = CliContext.create(options);
        await action(ctx, ...args);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        process.stderr.write(`hutong: ${message}\n`);
        if (options.verbose && error instanceof Error && !(error instanceof CliError))
          process.stderr.write(`${error.stack ?? ''}\n`);
        process.exitCode = error instanceof CliError ? error.exitCode : 1;
      }
    };
}

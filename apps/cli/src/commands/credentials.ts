import type { Command } from 'commander';
import { CliError } from '../cli-context';
import { DEFAULT_URL, HutongClient, type Credentials } from '../hutong-client';

export interface ActingOptions {
  readonly url?: string;
  readonly as?: string;
  readonly key?: string;
}

/** `--url`, `--as <code>`, `--key <file>`: how a command reaches the gateway and who it acts as. */
export function withActingOptions(command: Command): Command {
  return command
    .option('--url <url>', `gateway URL (env HUTONG_URL, default ${DEFAULT_URL})`)
    .option('--as <code>', 'act as this operator (required, or env HUTONG_AS)')
    .option('--key <file>', "that operator's private key file, JWK or PEM (required, or env HUTONG_KEY)");
}

export function clientFor(options: ActingOptions): HutongClient {
  return new HutongClient(options.url ?? process.env.HUTONG_URL ?? DEFAULT_URL);
}

export function operatorCredentials(options: ActingOptions): Credentials {
  const principal = options.as ?? process.env.HUTONG_AS;
  const keyFile = options.key ?? process.env.HUTONG_KEY;
  if (!principal || !keyFile) {
    throw new CliError(
      'this command acts as an operator: pass --as <operator code> --key <private key file> (or set HUTONG_AS and HUTONG_KEY)',
    );
  }
  return { principal, keyFile, scope: 'admin' };
}

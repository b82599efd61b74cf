import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-context';
import type { CliRunner } from '../cli-runner';
import { DEFAULT_URL, HutongClient } from '../hutong-client';

interface TokenOptions {
  principal: string;
  key?: string;
  scope?: string;
  url?: string;
}

export function registerTokenCommand(program: Command, run: CliRunner): void {
  program
    .command('token')
    .description(
      'Obtain an access token with the real private_key_jwt exchange and print it (for curl -H "Authorization: Bearer $(…)")',
    )
    .requiredOption('--principal <code>', 'your agency credit code, operator or reviewer code')
    .option('--key <file>', 'your private key file (JWK or PEM); default: the demo key DATA_DIR/demo-keys/<principal>.jwk')
    .option('--scope <scopes>', 'space-separated scopes (default: all you may have)')
    .option('--url <url>', `gateway URL (env HUTONG_URL, default ${DEFAULT_URL})`)
    .action(
      run(async (ctx, options: TokenOptions) => {
        const client = new HutongClient(options.url ?? process.env.HUTONG_URL ?? DEFAULT_URL);
        const token = await client.accessToken({
          principal: options.principal,
          keyFile: options.key ?? demoKeyOf(ctx.config.dataDir, options.principal),
          ...(options.scope ? { scope: options.scope } : {}),
        });
        ctx.print({ access_token: token.token, expires_in: token.expiresIn, scope: token.scope }, () => token.token);
      }),
    );
}

/** The demo city's key of a principal (`hutong seed demo`, or the first `npm start`), when there is one. */
function demoKeyOf(dataDir: string, principal: string): string {
  // A code names a file here: nothing but the characters codes are made of, so no path leaves the directory.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(principal)) throw new CliError(`pass --key: ${principal} is not a principal code`);
  const file = join(dataDir, 'demo-keys', `${principal}.jwk`);
  if (existsSync(file)) return file;
  throw new CliError(`pass --key <your private key file>: there is no demo key for ${principal} at ${file}`);
}

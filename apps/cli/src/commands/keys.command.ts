import type { Command } from 'commander';
import { rotateSigningKeys } from '@hutong/identity';
import { CliError } from '../cli-context';
import type { CliRunner } from '../cli-runner';
import type { HutongClient, Credentials } from '../hutong-client';
import { clientFor, operatorCredentials, withActingOptions, type ActingOptions } from './credentials';
import { generateAndRegister } from './key-output';

interface KeyView {
  kid: string;
  alg: string;
  status: string;
  notBefore: string;
  expiresAt: string | null;
}

interface PrincipalKeyOptions extends ActingOptions {
  principal: string;
  kind?: string;
  keyOut?: string;
  alg?: string;
  kid?: string;
}

const COLLECTIONS: Record<string, string> = { agency: 'agencies', operator: 'operators', reviewer: 'reviewers' };
const CREDIT_CODE_SHAPE = /^[0-9A-Z]{18}$/;

export function registerKeysCommands(program: Command, run: CliRunner): void {
  const keys = program
    .command('keys')
    .description("Principals' keys (through the API, as an operator) and the gateway's own token-signing keys")
    .addHelpText(
      'after',
      `
Examples:
  export HUTONG_AS=ops-admin HUTONG_KEY=ops-admin.jwk   # the operator acting
  # rotate an agency's key with overlap: add the new one, move the client over, revoke the old
  npx hutong keys generate --principal 1144010000610728X4 --key-out gzga-2026.jwk
  npx hutong keys list --principal 1144010000610728X4
  npx hutong keys revoke --principal 1144010000610728X4 --kid <kid of the old key>
  # the gateway's own signing key (SIGNING_KEYS_DIR; no gateway call, no operator needed)
  npx hutong keys rotate`,
    );

  withPrincipal(keys.command('generate').description('Generate a key pair here and register only its public key'))
    .requiredOption('--key-out <file>', 'where to write the private key (mode 600; must not exist)')
    .option('--alg <alg>', 'algorithm of the new key: ES256 or EdDSA (default: ES256)')
    .action(
      run(async (ctx, options: PrincipalKeyOptions) => {
        const { client, credentials, path } = await keysPath(options);
        const { result } = await generateAndRegister(options.keyOut ?? '', options.alg, (jwk) =>
          client.call<KeyView>('POST', path, credentials, { jwk }),
        );
        ctx.print(
          { ...result, keyFile: options.keyOut },
          () => `Registered key ${result.kid} (${result.alg}) for ${options.principal}; private key in ${options.keyOut}.`,
        );
      }),
    );

  withPrincipal(keys.command('list').description("List a principal's keys")).action(
    run(async (ctx, options: PrincipalKeyOptions) => {
      const { client, credentials, path } = await keysPath(options);
      const list = await client.call<{ items: KeyView[] }>('GET', path, credentials);
      ctx.print(
        list,
        () =>
          list.items
            .map(
              (k) =>
                `${k.kid}  ${k.alg.padEnd(5)} ${k.status.padEnd(8)} from ${k.notBefore}${k.expiresAt ? ` until ${k.expiresAt}` : ''}`,
            )
            .join('\n') || `${options.principal} has no keys.`,
      );
    }),
  );

  withPrincipal(keys.command('revoke').description('Revoke a key at once'))
    .requiredOption('--kid <kid>', 'the key to revoke (its kid, as keys list shows it)')
    .action(
      run(async (ctx, options: PrincipalKeyOptions) => {
        const { client, credentials, path } = await keysPath(options);
        const revoked = await client.call<KeyView>('DELETE', `${path}/${encodeURIComponent(options.kid ?? '')}`, credentials);
        ctx.print(revoked, () => `Revoked key ${revoked.kid} of ${options.principal}.`);
      }),
    );

  keys
    .command('rotate')
    .description(
      'Add a new gateway token-signing key in SIGNING_KEYS_DIR (default DATA_DIR/signing-keys; algorithm SIGNING_KEY_ALGORITHM, default ES256); tokens signed by the previous key stay valid until they expire',
    )
    .action(
      run(async (ctx) => {
        const { added, removed } = await rotateSigningKeys(ctx.config.auth);
        ctx.print({ kid: added.kid, file: added.file, removed }, () =>
          [
            `New signing key ${added.kid} (${added.file}); running gateways pick it up within a minute.`,
            ...removed.map((f) => `Removed superseded key ${f}.`),
          ].join('\n'),
        );
      }),
    );
}

function withPrincipal(command: Command): Command {
  return withActingOptions(command)
    .requiredOption('--principal <code>', 'whose keys: an agency credit code, an operator or a reviewer code')
    .option('--kind <kind>', 'agency, operator or reviewer (default: guessed from the code)');
}

async function keysPath(options: PrincipalKeyOptions): Promise<{ client: HutongClient; credentials: Credentials; path: string }> {
  const client = clientFor(options);
  const credentials = operatorCredentials(options);
  const kind = options.kind ?? (await guessKind(client, credentials, options.principal));
  const collection = COLLECTIONS[kind];
  if (!collection) throw new CliError(`--kind must be agency, operator or reviewer, got ${kind}`);
  return { client, credentials, path: `/admin/${collection}/${encodeURIComponent(options.principal)}/keys` };
}

async function guessKind(client: HutongClient, credentials: Credentials, code: string): Promise<string> {
  if (CREDIT_CODE_SHAPE.test(code)) return 'agency';
  for (const kind of ['operator', 'reviewer']) {
    try {
      await client.call('GET', `/admin/${COLLECTIONS[kind] ?? ''}/${encodeURIComponent(code)}`, credentials);
      return kind;
    } catch (error) {
      // Not this kind: try the next. Anything else (gateway unreachable, bad key, refused) is the answer.
      if (!(error instanceof CliError && error.httpStatus === 404)) throw error;
    }
  }
  throw new CliError(`no operator or reviewer has code ${code}; pass --kind if it is an agency`);
}

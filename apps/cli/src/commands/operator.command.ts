import type { Command } from 'commander';
import { bootstrapOperator } from '@hutong/identity';
import type { CliRunner } from '../cli-runner';
import { clientFor, operatorCredentials, withActingOptions, type ActingOptions } from './credentials';
import { assertKeyOutFree, generateAndRegister } from './key-output';

interface StaffCreateOptions extends ActingOptions {
  code: string;
  name: string;
  keyOut?: string;
  alg?: string;
}

interface PrincipalView {
  code: string;
  kind: string;
  name: string;
  status: string;
}

/**
 * `operator create` (bootstrap, direct database) and `reviewer create` (through the API). Further
 * operators are created through the API (POST /admin/operators) by an existing operator.
 */
export function registerStaffCommands(program: Command, run: CliRunner): void {
  const operator = program
    .command('operator')
    .description(
      'Operators, who register agencies, reviewers and keys: create the first one (further ones: POST /admin/operators)',
    )
    .addHelpText(
      'after',
      `
Examples:
  # the first operator, straight into the database (DATABASE_URL, or the embedded one
  # in DATA_DIR; this works while the gateway runs)
  npx hutong operator create --code ops-admin --name "市信息中心运维" --key-out ops-admin.jwk
  # then act as it in the other commands
  export HUTONG_AS=ops-admin HUTONG_KEY=ops-admin.jwk`,
    );

  operator
    .command('create')
    .description('Create an operator directly in the database (the bootstrap path: needs DATABASE_URL or the embedded DATA_DIR)')
    .requiredOption('--code <code>', 'operator code, e.g. ops-wang')
    .requiredOption('--name <name>', 'display name, e.g. 王运维')
    .requiredOption('--key-out <file>', 'where to write the new private key (mode 600; must not exist)')
    .option('--alg <alg>', 'algorithm of the new key: ES256 or EdDSA (default: ES256)')
    .action(
      run(async (ctx, options: StaffCreateOptions) => {
        const { key } = await generateAndRegister(options.keyOut ?? '', options.alg, (publicJwk, material) =>
          ctx.withMigratedDatabase((database) =>
            bootstrapOperator(database.dataSource, { code: options.code, name: options.name, publicJwk, kid: material.kid }),
          ),
        );
        ctx.print({ code: options.code, kind: 'operator', kid: key.kid, keyFile: options.keyOut }, () =>
          [`Created operator ${options.code} with key ${key.kid}.`, `Private key: ${options.keyOut} (keep it secret).`].join(
            '\n',
          ),
        );
      }),
    );

  const reviewer = program
    .command('reviewer')
    .description('Security reviewers, who read and verify the access log: create one (through the API, as an operator)')
    .addHelpText(
      'after',
      `
Examples:
  export HUTONG_AS=ops-admin HUTONG_KEY=ops-admin.jwk   # the operator acting
  npx hutong reviewer create --code audit-li --name 李审计 --key-out audit-li.jwk
  # the reviewer's token for the /audit routes
  npx hutong token --principal audit-li --key audit-li.jwk`,
    );
  withStaffCreate(
    reviewer,
    'reviewers',
    'reviewer',
    run,
    'Create a security reviewer (through the API, as an operator)',
    'create',
  );
}

function withStaffCreate(
  parent: Command,
  collection: string,
  kind: string,
  run: CliRunner,
  description: string,
  name: string,
): void {
  withActingOptions(parent.command(name).description(description))
    .requiredOption('--code <code>', `${kind} code, e.g. audit-li`)
    .requiredOption('--name <name>', 'display name')
    .option(
      '--key-out <file>',
      `also generate a key pair for the new ${kind}, write the private key here (mode 600; must not exist) and register its public key (default: no key; add one later with keys generate)`,
    )
    .option('--alg <alg>', 'algorithm of the new key: ES256 or EdDSA (default: ES256)')
    .action(
      run(async (ctx, options: StaffCreateOptions) => {
        assertKeyOutFree(options.keyOut);
        const client = clientFor(options);
        const credentials = operatorCredentials(options);
        const created = await client.call<PrincipalView>('POST', `/admin/${collection}`, credentials, {
          code: options.code,
          name: options.name,
        });
        let kid: string | undefined;
        if (options.keyOut) {
          ({
            key: { kid },
          } = await generateAndRegister(options.keyOut, options.alg, (jwk) =>
            client.call('POST', `/admin/${collection}/${encodeURIComponent(created.code)}/keys`, credentials, { jwk }),
          ));
        }
        ctx.print({ ...created, ...(kid ? { kid, keyFile: options.keyOut } : {}) }, () =>
          [
            `Created ${kind} ${created.code} (${created.name}).`,
            ...(kid ? [`Key ${kid} registered; private key in ${options.keyOut}.`] : []),
          ].join('\n'),
        );
      }),
    );
}

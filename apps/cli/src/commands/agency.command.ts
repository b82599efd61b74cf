import type { Command } from 'commander';
import { isKnownDivisionCode } from '@hutong/gb-codes';
import type { CliRunner } from '../cli-runner';
import { clientFor, operatorCredentials, withActingOptions, type ActingOptions } from './credentials';
import { assertKeyOutFree, generateAndRegister } from './key-output';

interface AgencyView {
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  divisionCode: string;
  divisionName: string | null;
  roles: string[];
  status: string;
}

interface AgencyCreateOptions extends ActingOptions {
  code: string;
  name: string;
  level: string;
  parent?: string;
  division?: string;
  roles: string;
  keyOut?: string;
  alg?: string;
}

interface AgencyListOptions extends ActingOptions {
  q?: string;
  level?: string;
  parent?: string;
  status?: string;
  limit?: string;
}

const line = (a: AgencyView): string =>
  `${a.code}  ${a.status.padEnd(9)} ${a.level.padEnd(8)} ${a.divisionCode} ${a.name}  [${a.roles.join(',')}]`;

export function registerAgencyCommands(program: Command, run: CliRunner): void {
  const agency = program
    .command('agency')
    .description('Agencies: register, search, suspend and retire them (through the API, as an operator)')
    .addHelpText(
      'after',
      `
Examples:
  export HUTONG_AS=ops-admin HUTONG_KEY=ops-admin.jwk   # the operator acting
  npx hutong agency create --code 1144010000610728X4 --name 广州市公安局 --level city \\
    --roles provider,consumer --key-out gzga.jwk
  npx hutong agency list --q 廣州          # traditional or simplified, current or former names
  npx hutong agency suspend 1144010000610728X4`,
    );

  withActingOptions(agency.command('create').description('Register an agency'))
    .requiredOption('--code <credit-code>', "the agency's 统一社会信用代码 (18 characters)")
    .requiredOption('--name <name>', 'official name, e.g. 广州市公安局')
    .requiredOption('--level <level>', 'province, city, district or township')
    .option('--parent <credit-code>', 'the agency above this one (default: none)')
    .option('--division <code>', 'GB/T 2260 division (default: positions 3–8 of the credit code)')
    .option('--roles <roles>', 'provider, consumer or both, comma-separated', 'consumer')
    .option(
      '--key-out <file>',
      "also generate the agency's key pair, write the private key here (mode 600; must not exist) and register its public key (default: no key; add one later with keys generate)",
    )
    .option('--alg <alg>', 'algorithm of the new key: ES256 or EdDSA (default: ES256)')
    .action(
      run(async (ctx, options: AgencyCreateOptions) => {
        assertKeyOutFree(options.keyOut);
        const client = clientFor(options);
        const credentials = operatorCredentials(options);
        const created = await client.call<AgencyView>('POST', '/admin/agencies', credentials, {
          code: options.code,
          name: options.name,
          level: options.level,
          ...(options.parent ? { parentCode: options.parent } : {}),
          divisionCode: options.division ?? defaultDivision(options.code),
          roles: options.roles
            .split(',')
            .map((role) => role.trim())
            .filter(Boolean),
        });
        let kid: string | undefined;
        if (options.keyOut) {
          ({
            key: { kid },
          } = await generateAndRegister(options.keyOut, options.alg, (jwk) =>
            client.call('POST', `/admin/agencies/${created.code}/keys`, credentials, { jwk }),
          ));
        }
        ctx.print({ ...created, ...(kid ? { kid, keyFile: options.keyOut } : {}) }, () =>
          [`Registered ${line(created)}`, ...(kid ? [`Key ${kid} registered; private key in ${options.keyOut}.`] : [])].join(
            '\n',
          ),
        );
      }),
    );

  withActingOptions(agency.command('list').description('Search agencies'))
    .option('--q <text>', 'credit code or part of a name, simplified or traditional (default: every agency)')
    .option('--level <level>', 'only this level: province, city, district or township (default: any)')
    .option('--parent <credit-code>', 'only the children of this agency (default: any)')
    .option('--status <status>', 'only this status: active, suspended or retired (default: any)')
    .option('--limit <n>', 'at most this many, 1–200', '50')
    .action(
      run(async (ctx, options: AgencyListOptions) => {
        const query = new URLSearchParams();
        for (const name of ['q', 'level', 'parent', 'status', 'limit'] as const) {
          const value = options[name];
          if (value !== undefined) query.set(name, value);
        }
        const page = await clientFor(options).call<{ items: AgencyView[] }>(
          'GET',
          `/admin/agencies?${query.toString()}`,
          operatorCredentials(options),
        );
        ctx.print(page, () => (page.items.length === 0 ? 'No agency matches.' : page.items.map(line).join('\n')));
      }),
    );

  for (const [name, status, description] of [
    ['suspend', 'suspended', 'Suspend an agency: its tokens stop working on the next request'],
    ['activate', 'active', 'Reactivate a suspended agency'],
    ['retire', 'retired', 'Retire an agency for good'],
  ] as const) {
    withActingOptions(agency.command(name).description(description).argument('<code>', "the agency's 统一社会信用代码")).action(
      run(async (ctx, code: string, options: ActingOptions) => {
        const updated = await clientFor(options).call<AgencyView>(
          'PATCH',
          `/admin/agencies/${encodeURIComponent(code)}`,
          operatorCredentials(options),
          { status },
        );
        ctx.print(updated, () => line(updated));
      }),
    );
  }
}

/** For a government agency the registering division in its credit code is usually its own. */
function defaultDivision(code: string): string {
  const division = code.slice(2, 8);
  return isKnownDivisionCode(division) ? division : '';
}

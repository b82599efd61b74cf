import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import {
  AuditKeys,
  AuditPartitions,
  AuditRepository,
  maxUnsignedEntries,
  verifyWithCheckpoints,
  type AuditVerification,
  type Checkpoint,
  type StoredLink,
} from '@hutong/audit';
import { CliError } from '../cli-context';
import type { CliRunner } from '../cli-runner';

interface VerifyOptions {
  file?: string;
  checkpoints?: string;
  from?: string;
  to?: string;
}

export function registerAuditCommands(program: Command, run: CliRunner): void {
  const audit = program
    .command('audit')
    .description(
      'The tamper-evident access log: verify it, and roll and archive its partitions (directly on the database, with the keys in AUDIT_KEYS_DIR)',
    )
    .addHelpText(
      'after',
      `
Examples:
  # straight from the database (DATABASE_URL, or the embedded one in DATA_DIR)
  npx hutong audit verify
  # offline, an export a reviewer saved, anchored by checkpoints kept elsewhere; exits 1
  # and names the first bad entry
  npx hutong audit verify --file audit.ndjson --checkpoints checkpoints.json
  # monthly, as the table owner: close the open partition; then archive the oldest closed one
  npx hutong audit partition
  npx hutong audit archive --out audit-2026-01.ndjson`,
    );
  registerRetentionCommands(audit, run);

  audit
    .command('verify')
    .description(
      'Recompute the audit chain and check every checkpoint signature with the keys in AUDIT_KEYS_DIR (default DATA_DIR/audit-keys), from the database (DATABASE_URL, or the embedded one in DATA_DIR) or an NDJSON export; exits 1 at the first problem',
    )
    .option(
      '--file <export.ndjson>',
      'verify an export (GET /audit/entries/export) instead of the database (default: the database)',
    )
    .option(
      '--checkpoints <checkpoints.json>',
      "checkpoints held outside the gateway (a saved GET /audit/checkpoints), trusted over the file's own (--file only; default: none)",
    )
    .option('--from <seq>', 'first position (database only; default: the first one not archived)')
    .option('--to <seq>', 'last position (database only; default: the head)')
    .action(
      run(async (ctx, options: VerifyOptions) => {
        // Verification checks against the keys that exist; it must never generate one.
        const keys = await AuditKeys.load(ctx.config, ctx.logger, { generate: false }).catch((error: unknown) => {
          throw new CliError(
            `cannot load the audit keys (AUDIT_KEYS_DIR=${ctx.config.audit.keysDir}): ${error instanceof Error ? error.message : String(error)}`,
          );
        });
        const report = options.file
          ? await verifyExport(
              keys,
              options.file,
              maxUnsignedEntries(ctx.config),
              options.checkpoints ? await readCheckpoints(options.checkpoints) : [],
            )
          : await ctx.withDatabase(async (database) => {
              const repository = new AuditRepository(database.dataSource);
              const from = positiveInt(options.from, '--from') ?? (await repository.firstSeq());
              const to = positiveInt(options.to, '--to');
              const checkpoints = await repository.checkpoints(from, to);
              return verifyWithCheckpoints(keys, repository.links(from, to), checkpoints, {
                seq: from,
                prevHash: await repository.hashBefore(from),
                maxUnsigned: maxUnsignedEntries(ctx.config),
                ...(to ? { toSeq: to } : {}),
              });
            });
        ctx.print(report, () => describe(report));
        if (!report.ok) process.exitCode = 1;
      }),
    );
}

function registerRetentionCommands(audit: Command, run: CliRunner): void {
  audit
    .command('partition')
    .description(
      'Close the open audit partition at the current head and open the next (run monthly, as the table owner; DATABASE_URL, or the embedded database in DATA_DIR)',
    )
    .action(
      run(async (ctx) => {
        const result = await ctx.withDatabase((database) => new AuditPartitions(database.dataSource).startNext());
        ctx.print(
          result,
          () =>
            `Closed ${result.closed.name} (entries ${result.closed.fromSeq}–${(result.closed.toSeqExclusive ?? 1) - 1}); new entries go to ${result.opened}.`,
        );
      }),
    );

  audit
    .command('archive')
    .description(
      'Export the oldest closed partition to a file, verify it, record its head, then detach and drop it (as the table owner; DATABASE_URL, or the embedded database in DATA_DIR)',
    )
    .requiredOption('--out <file.ndjson>', 'where to write the export (must not exist; keep it: it is the only copy)')
    .action(
      run(async (ctx, options: { out: string }) => {
        const keys = await AuditKeys.load(ctx.config, ctx.logger, { generate: false });
        const result = await ctx.withDatabase((database) =>
          new AuditPartitions(database.dataSource).archiveOldest(keys, options.out),
        );
        ctx.print(
          result,
          () =>
            `Archived ${result.partition}: entries ${result.fromSeq}–${result.toSeq} (${result.entries}) to ${result.file} (sha256 ${result.fileSha256}).`,
        );
      }),
    );
}

async function readCheckpoints(file: string): Promise<Checkpoint[]> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (!Array.isArray(parsed)) throw new Error('expected the JSON array GET /audit/checkpoints returns');
    return parsed as Checkpoint[];
  } catch (error) {
    throw new CliError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * An export carries its own starting hash and checkpoints, so on its own it only proves it is
 * self-consistent. Checkpoints saved elsewhere anchor it: one just before the range must vouch for
 * its starting hash, and those inside the range are checked like the file's own.
 */
async function verifyExport(
  keys: AuditKeys,
  file: string,
  maxUnsigned: number,
  held: readonly Checkpoint[],
): Promise<AuditVerification> {
  const links: StoredLink[] = [];
  const checkpoints: Checkpoint[] = [];
  let range: { fromSeq: number; prevHash: string } | undefined;
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const line of lines) {
      number += 1;
      if (line.trim() === '') continue;
      const record = JSON.parse(line) as { type?: string } & Record<string, unknown>;
      if (record.type === 'range') range = record as unknown as { fromSeq: number; prevHash: string };
      else if (record.type === 'link') links.push(record as unknown as StoredLink);
      else if (record.type === 'checkpoint') checkpoints.push(record as unknown as Checkpoint);
      else throw new CliError(`${file}:${number}: unknown line type ${JSON.stringify(record.type)}`);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file}:${number}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!range) throw new CliError(`${file}: no "range" line; is this an NDJSON export from GET /audit/entries/export?`);
  const anchor = held.find((checkpoint) => checkpoint.seq === range.fromSeq - 1);
  if (anchor && anchor.headHash !== range.prevHash) {
    return {
      ok: false,
      checked: 0,
      firstSeq: null,
      lastSeq: null,
      headHash: range.prevHash,
      checkpointsChecked: 0,
      unsignedEntries: 0,
      problem: {
        seq: range.fromSeq,
        kind: 'checkpoint_mismatch',
        detail: `the export starts after a hash that the held checkpoint at ${anchor.seq} does not vouch for`,
      },
    };
  }
  const lastSeq = links.at(-1)?.seq ?? range.fromSeq - 1;
  const bySeq = new Map(checkpoints.map((checkpoint) => [checkpoint.seq, checkpoint]));
  for (const checkpoint of held)
    if (checkpoint.seq >= range.fromSeq && checkpoint.seq <= lastSeq) bySeq.set(checkpoint.seq, checkpoint);
  const merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return verifyWithCheckpoints(keys, links, merged, { seq: range.fromSeq, prevHash: range.prevHash, maxUnsigned });
}

function positiveInt(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliError(`${flag} must be a positive integer`);
  return Number(value);
}

function describe(report: AuditVerification): string {
  if (report.ok) {
    return `OK: ${report.checked} entries (${report.firstSeq ?? '-'}–${report.lastSeq ?? '-'}) and ${report.checkpointsChecked} signed checkpoints verify; ${report.unsignedEntries} recent entries await a checkpoint; head ${report.headHash}`;
  }
  const problem = report.problem;
  return `FAILED at entry ${problem?.seq ?? '?'} (${problem?.kind ?? 'unknown'}): ${problem?.detail ?? ''}. ${report.checked} entries verified before it.`;
}

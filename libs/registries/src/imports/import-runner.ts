import { Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@hutong/platform';
import { Inject } from '@nestjs/common';
import { changeFromRow } from '../kit/record-change';
import type { InstalledRegistry } from '../kit/registry-directory';
import { RegistryWriter, type IndexedChange, type WriteOutcome } from '../kit/registry-writer';
import type { ImportProgress, RegistryImport, RowError } from './registry-import';
import { RegistryImportRepository } from './registry-import.repository';
import { rowsOf } from './row-source';

/** Rows per write: large enough that a batch is a few statements per thousands of rows, small enough to keep memory flat. */
export const IMPORT_BATCH_ROWS = 2_000;
/** An import that wrote this many rows refreshes the planner statistics before it reports completion. */
const ANALYZE_AFTER_ROWS = 10_000;
/** Past this, bad rows are still counted but no longer itemised: the report has shown the pattern. */
const MAX_REPORTED_ERRORS = 100_000;

/** How often a running import says it is alive. */
export const IMPORT_HEARTBEAT_MS = 10_000;
/** An import silent this long (six missed beats) died with its process. */
export const IMPORT_STALLED_AFTER_MS = 60_000;

/**
 * Runs an import over its spooled file: parses and checks each row, writes valid rows in batches
 * through the registry writer (the same path as single writes: history, events, concurrency), and
 * saves progress with each batch's row errors. A bad row is reported on its line and never stops
 * or poisons the batch around it.
 */
@Injectable()
export class ImportRunner {
  constructor(
    private readonly writer: RegistryWriter,
    private readonly imports: RegistryImportRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(installed: InstalledRegistry, entry: RegistryImport, path: string): Promise<void> {
    await this.imports.start(entry.id);
    // A beat while the import lives, batch or no batch: silence then means its process died (IMPORT_STALLED_AFTER_MS).
    const beat = setInterval(() => {
      this.imports.heartbeat(entry.id).catch((error: unknown) => this.logger.warn({ err: error }, 'import heartbeat failed'));
    }, IMPORT_HEARTBEAT_MS);
    beat.unref();
    try {
      await this.runRows(installed, entry, path);
    } finally {
      clearInterval(beat);
    }
  }

  private async runRows(installed: InstalledRegistry, entry: RegistryImport, path: string): Promise<void> {
    const counts = { rowsRead: 0, rowsCreated: 0, rowsUpdated: 0, rowsUnchanged: 0, rowsRejected: 0 };
    let reported = 0;
    let pending: IndexedChange[] = [];
    let errors: RowError[] = [];
    const flush = async () => {
      const outcomes = pending.length === 0 ? [] : await this.writer.write(this.batchOf(installed, entry, pending));
      pending = [];
      for (const outcome of outcomes) tally(counts, outcome, errors);
      const kept = errors.slice(0, Math.max(0, MAX_REPORTED_ERRORS - reported));
      reported += kept.length;
      await this.imports.progress(entry.id, counts, kept);
      errors = [];
    };
    for await (const row of rowsOf(path, entry.format, installed.definition)) {
      counts.rowsRead += 1;
      const change =
        'values' in row ? changeFromRow(installed.definition, row.values) : { ok: false as const, violations: row.violations };
      if (change.ok) pending.push({ change: change.change, line: row.line });
      else {
        counts.rowsRejected += 1;
        errors.push(...change.violations.map((violation) => ({ line: row.line, ...violation })));
      }
      if (pending.length >= IMPORT_BATCH_ROWS) await flush();
    }
    await flush();
    if (counts.rowsCreated + counts.rowsUpdated >= ANALYZE_AFTER_ROWS) await this.imports.refreshStatistics(entry.registry);
    await this.imports.finish(entry.id, 'completed', null);
    this.logger.info({ importId: entry.id, registry: entry.registry, ...counts }, 'registry import completed');
  }

  private batchOf(installed: InstalledRegistry, entry: RegistryImport, changes: IndexedChange[]) {
    return {
      definition: installed.definition,
      binding: installed.binding,
      actor: entry.agencyCode,
      reason: entry.reason,
      sourceTime: entry.createdAt,
      importId: entry.id,
      changes,
    };
  }
}

function tally(counts: { -readonly [K in keyof ImportProgress]: number }, outcome: WriteOutcome, errors: RowError[]): void {
  switch (outcome.outcome) {
    case 'created':
      counts.rowsCreated += 1;
      return;
    case 'updated':
      counts.rowsUpdated += 1;
      return;
    case 'unchanged':
      counts.rowsUnchanged += 1;
      return;
    case 'rejected':
      counts.rowsRejected += 1;
      errors.push(...outcome.violations.map((violation) => ({ line: outcome.line ?? 0, ...violation })));
  }
}

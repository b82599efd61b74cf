import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@hutong/platform';
import { itemSql, partitionsOf, sqlLiteral } from '@hutong/registries';
import { WITHDRAWN } from '../schema/dataset-definition';
import type { DatasetItem } from '../schema/dataset-schema';
import { DatasetDirectory, type ResolvedDataset } from './dataset-directory';
import { DatasetRepository, type IndexSession } from './dataset.repository';

/** One index a dataset major needs, and the statement that builds it. */
interface WantedIndex {
  readonly name: string;
  readonly statement: string;
}

/** PostgreSQL's identifier limit (NAMEDATALEN − 1). */
const MAX_IDENTIFIER = 63;

/**
 * Builds the indexes a dataset major's schema asks for, on its own partitions: for each indexed
 * item one on the current records (item, key) — filters, sorting and keyset pagination — and one
 * on the versions (item, key, version) for `asOf` queries; for each unique item a unique index on
 * the live records. Builds run CONCURRENTLY, so a provider importing meanwhile is not blocked; an
 * item counts as indexed for readers only once every index of it is valid (until then a filter on
 * it is answered 503 with Retry-After). A build interrupted half-way leaves an invalid index, which
 * the next run drops and builds again.
 */
@Injectable()
export class DatasetIndexes {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly datasets: DatasetRepository,
    private readonly directory: DatasetDirectory,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Items whose indexes are all built, as recorded; an indexed item missing here is not filterable yet. */
  static ready(resolved: ResolvedDataset, item: string): boolean {
    return Object.hasOwn(resolved.major.indexes, item);
  }

  /** Builds what is missing; concurrent calls for one major share one run. */
  ensure(resolved: ResolvedDataset): Promise<void> {
    const registry = resolved.major.registry;
    const running = this.running.get(registry);
    if (running) return running;
    const run = this.build(resolved).finally(() => this.running.delete(registry));
    this.running.set(registry, run);
    return run;
  }

  /** As `ensure`, for callers that answer now and let the build finish behind them. */
  ensureInBackground(resolved: ResolvedDataset): void {
    this.ensure(resolved).catch((error: unknown) =>
      this.logger.error({ err: error, registry: resolved.major.registry }, 'dataset index build failed; the next filter retries'),
    );
  }

  private async build(resolved: ResolvedDataset): Promise<void> {
    const registry = resolved.major.registry;
    const built: Record<string, string> = {};
    const ran = await this.datasets.withIndexSession(registry, async (session) => {
      for (const item of resolved.schema.items) {
        const wanted = wantedIndexes(registry, item);
        const marker = item.indexed ? item.code : `unique:${item.code}`;
        if (wanted.length === 0 || Object.hasOwn(resolved.major.indexes, marker)) continue;
        for (const index of wanted) await buildOne(session, index);
        // One session, one query at a time (pg queues concurrent ones on a client, and pg 9 will refuse them).
        const states: string[] = [];
        for (const index of wanted) states.push(await session.state(index.name));
        if (states.every((state) => state === 'valid')) built[marker] = wanted[0]?.name ?? '';
      }
    });
    if (!ran) {
      this.logger.info({ registry }, 'dataset indexes are being built by another instance');
      return;
    }
    if (Object.keys(built).length === 0) return;
    await this.datasets.addIndexes(registry, built);
    this.directory.forgetDataset(resolved.major.agency, resolved.major.code);
    this.logger.info({ registry, indexes: Object.keys(built) }, 'dataset indexes built');
  }
}

async function buildOne(session: IndexSession, index: WantedIndex): Promise<void> {
  const state = await session.state(index.name);
  if (state === 'valid') return;
  // Only the lock holder builds: an invalid index is a build that died, which IF NOT EXISTS would keep.
  if (state === 'invalid') await session.run(`DROP INDEX CONCURRENTLY IF EXISTS ${index.name}`);
  await session.run(index.statement);
}

/** The indexes one item needs: none for an item that is neither indexed nor unique. */
export function wantedIndexes(registry: string, item: DatasetItem): WantedIndex[] {
  if (!item.indexed && !item.unique) return [];
  const partitions = partitionsOf(registry);
  const { expression } = itemSql(item);
  const base = indexName(registry, item.code);
  const wanted: WantedIndex[] = [];
  if (item.indexed) {
    wanted.push(
      {
        name: `${base}_c`,
        statement: `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${base}_c ON ${partitions.records} (${expression}, key)`,
      },
      {
        name: `${base}_h`,
        statement: `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${base}_h ON ${partitions.versions} (${expression}, key, version)`,
      },
    );
  }
  if (item.unique) {
    wanted.push({
      name: `${base}_u`,
      statement: `CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ${base}_u ON ${partitions.records} (${expression})
                  WHERE status <> ${sqlLiteral(WITHDRAWN)}`,
    });
  }
  return wanted;
}

/** `ds_12_paid_months`; an item code too long for the identifier limit is replaced by its hash. */
function indexName(registry: string, item: string): string {
  const prefix = registry.replace('-', '_');
  const plain = `${prefix}_${item}`;
  if (plain.length + 2 <= MAX_IDENTIFIER) return plain;
  return `${prefix}_${createHash('sha256').update(item).digest('hex').slice(0, 16)}`;
}

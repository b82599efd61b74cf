import { Injectable } from '@nestjs/common';
import { mayKnow, projectRecord, type Entitlement } from '@hutong/catalog';
import type { Caller } from '@hutong/identity';
import { validationProblem, type FieldViolation } from '@hutong/platform';
import { keyOf, notEntitled, questionFor, RegistryReader, type VersionView } from '@hutong/registries';
import { DatasetError, datasetNotFound } from '../datasets.errors';
import { DatasetDirectory, type ResolvedDataset } from '../registration/dataset-directory';
import { DatasetIndexes } from '../registration/dataset-indexes';
import { itemOf, type DatasetItem } from '../schema/dataset-schema';
import { jsonSchemaOf, type DatasetName, type JsonSchema } from '../schema/json-schema';
import { DatasetQueryRepository, type SelectedRecord, type SortOrder } from './dataset-query.repository';
import { FilterSyntaxError, parseFilter } from './filter-language';
import { isSortValue, typedCondition } from './filter-values';
import { decodeCursor, encodeCursor } from './page-cursor';

type Allowed = Extract<Entitlement, { allowed: true }>;

/** A record as a reader sees it: the items granted (masked where the grant says), its status and version. */
export interface DatasetRecordView {
  readonly key: string;
  readonly version: number;
  readonly status: string;
  readonly record: Record<string, unknown>;
  readonly updatedAt: string;
  readonly masked: string[];
}

export interface DatasetPage {
  readonly dataset: DatasetName;
  readonly items: DatasetRecordView[];
  /** Pass as `cursor` for the next page; absent on the last. */
  readonly nextCursor?: string;
}

export interface DatasetBatch {
  readonly dataset: DatasetName;
  readonly records: DatasetRecordView[];
  /** Keys with no record the caller may see (missing or outside the row scope: not told apart). */
  readonly notFound: string[];
}

export interface ReadOptions {
  readonly major?: number;
  readonly items?: readonly string[];
  readonly asOf?: Date;
}

export interface QueryOptions extends ReadOptions {
  readonly filter?: string;
  /** `item` or `-item` (descending); default: key order. */
  readonly sort?: string;
  readonly cursor?: string;
  readonly limit: number;
}

/** Seconds a client waits before asking again about an index being built. */
const INDEX_RETRY_AFTER_S = 30;

/**
 * Consumer reads of datasets, each through the catalog's entitlement check: the decision picks the
 * items (projection, masks) and the rows (scope); a record outside the scope is answered like a
 * missing one. Filters and sorting are refused — not run — on items without a built index, and on
 * items the caller may not read in the clear (the rows that come back would tell their values).
 */
@Injectable()
export class DatasetReadService {
  constructor(
    private readonly directory: DatasetDirectory,
    private readonly indexes: DatasetIndexes,
    private readonly queries: DatasetQueryRepository,
    private readonly reader: RegistryReader,
  ) {}

  async schema(caller: Caller, agency: string, code: string, major?: number): Promise<JsonSchema> {
    const resolved = await this.visible(caller, agency, code, major);
    return jsonSchemaOf(resolved.name, resolved.schema);
  }

  async get(caller: Caller, agency: string, code: string, rawKey: string, options: ReadOptions): Promise<DatasetRecordView> {
    const resolved = await this.visible(caller, agency, code, options.major);
    const { installed } = resolved;
    const key = keyOf(installed, rawKey, 'key');
    const question = questionFor(caller, installed, options.items);
    await this.reader.allowed(question, installed);
    const [stored] = await this.queries.byKeys(installed.definition.code, [key], undefined, options.asOf);
    if (!stored) throw recordNotFound(resolved);
    const decision = await this.reader.check({ ...question, divisions: [stored.scopeDivision] }, installed);
    if (!decision.allowed) {
      if (decision.reason === 'out_of_scope') throw recordNotFound(resolved);
      throw notEntitled(decision);
    }
    this.reader.recordRead(caller, installed, decision, [key]);
    return viewOf(stored, decision);
  }

  async batch(
    caller: Caller,
    agency: string,
    code: string,
    rawKeys: readonly string[],
    options: ReadOptions,
  ): Promise<DatasetBatch> {
    const resolved = await this.visible(caller, agency, code, options.major);
    const { installed } = resolved;
    const keys = [...new Set(rawKeys.map((raw, index) => keyOf(installed, raw, `keys[${index}]`)))];
    const decision = await this.reader.allowed(questionFor(caller, installed, options.items), installed);
    const found = await this.queries.byKeys(installed.definition.code, keys, decision.rowScope?.divisions, options.asOf);
    const foundKeys = new Set(found.map((stored) => stored.key));
    this.reader.recordRead(caller, installed, decision, [...foundKeys]);
    return {
      dataset: resolved.name,
      records: found.map((stored) => viewOf(stored, decision)),
      notFound: keys.filter((key) => !foundKeys.has(key)),
    };
  }

  /**
   * The record's versions as this caller sees them: a version that changed only items the caller
   * may not read is left out (when it changed, and why, would tell of them), and who wrote it, why
   * and in which import is the provider's to know.
   */
  async history(
    caller: Caller,
    agency: string,
    code: string,
    rawKey: string,
    major?: number,
  ): Promise<{ key: string; versions: VersionView[] }> {
    const resolved = await this.visible(caller, agency, code, major);
    const history = await this.reader.history(caller, resolved.installed.definition.code, rawKey);
    if (caller.principalId === resolved.major.agency) return history;
    const versions = history.versions.filter((version, index) => {
      const older = history.versions[index + 1];
      return older === undefined || JSON.stringify(older.record) !== JSON.stringify(version.record);
    });
    return {
      key: history.key,
      versions: versions.map((version) => ({ ...version, recordedBy: '', reason: null, importId: null })),
    };
  }

  async query(caller: Caller, agency: string, code: string, options: QueryOptions): Promise<DatasetPage> {
    const resolved = await this.visible(caller, agency, code, options.major);
    const { installed } = resolved;
    const conditions = this.conditionsOf(resolved, options.filter);
    const sort = this.sortOf(resolved, options.sort);
    // A listed record comes back with its key, and the cursor carries it: the key items must be
    // readable in the clear, like the filtered and sorted ones (by key the caller already knows it).
    const usedItems = [
      ...new Set([
        ...conditions.map((c) => c.item.code),
        ...(sort ? [sort.item.code] : []),
        ...resolved.schema.keyItems.map((item) => item.code),
      ]),
    ];
    const items = options.items === undefined ? undefined : [...new Set([...options.items, ...usedItems])];
    const decision = await this.reader.allowed(questionFor(caller, installed, items), installed);
    // Filtering on an item one may not read — or read masked only — would tell its value by which records come back.
    const hidden = usedItems.filter((item) => !decision.items.includes(item) || decision.masks[item] !== undefined);
    if (hidden.length > 0) {
      throw notEntitled({
        reason: 'item_not_granted',
        detail: `Cannot filter, sort or list by items not granted (or granted masked only) — a listing shows the key items: ${hidden.join(', ')}.`,
        items: hidden,
      });
    }
    const sortName = options.sort ?? 'key';
    const rows = await this.queries.select({
      registry: installed.definition.code,
      conditions,
      sort,
      after:
        options.cursor === undefined
          ? null
          : decodeCursor(sortName, options.cursor, (text) => sort === null || isSortValue(sort.item, text)),
      limit: options.limit + 1,
      ...(decision.rowScope ? { scope: decision.rowScope.divisions } : {}),
      ...(options.asOf ? { asOf: options.asOf } : {}),
    });
    const shown = rows.slice(0, options.limit);
    this.reader.recordRead(
      caller,
      installed,
      decision,
      shown.map((row) => row.key),
    );
    const last = shown.at(-1);
    return {
      dataset: resolved.name,
      items: shown.map((row) => viewOf(row, decision)),
      ...(rows.length > options.limit && last
        ? { nextCursor: encodeCursor(sortName, { value: last.sortValue, key: last.key }) }
        : {}),
    };
  }

  /** The major, if the caller may know its entry: a 不予共享 or draft entry's dataset is answered as absent, not as refused. */
  private async visible(caller: Caller, agency: string, code: string, major?: number): Promise<ResolvedDataset> {
    const resolved = await this.directory.find(agency, code, major);
    if (!mayKnow(caller, resolved.resource)) throw datasetNotFound(agency, code, major);
    return resolved;
  }

  private conditionsOf(resolved: ResolvedDataset, filter: string | undefined) {
    if (filter === undefined || filter.trim() === '') return [];
    let parsed;
    try {
      parsed = parseFilter(filter);
    } catch (error) {
      if (!(error instanceof FilterSyntaxError)) throw error;
      throw new DatasetError('filter_syntax', `filter, at character ${error.position}: ${error.message}.`, {
        errors: [{ field: `filter@${error.position}`, rule: 'syntax', message: error.message }],
      });
    }
    const violations: FieldViolation[] = [];
    const typed = [];
    for (const condition of parsed) {
      const item = this.filterable(resolved, condition.item, `filter@${condition.position}`);
      const result = typedCondition(item, condition);
      if ('rule' in result) violations.push(result);
      else typed.push(result);
    }
    if (violations.length > 0) throw validationProblem(violations);
    return typed;
  }

  private sortOf(resolved: ResolvedDataset, sort: string | undefined): SortOrder | null {
    if (sort === undefined || sort === 'key') return null;
    const descending = sort.startsWith('-');
    return { item: this.filterable(resolved, descending ? sort.slice(1) : sort, 'sort'), descending };
  }

  /** The item, if it exists and its index is built; otherwise the refusal that says what to do instead. */
  private filterable(resolved: ResolvedDataset, code: string, field: string): DatasetItem {
    const item = itemOf(resolved.schema, code);
    const indexed = resolved.schema.items.filter((candidate) => candidate.indexed).map((candidate) => candidate.code);
    if (!item) {
      throw validationProblem([
        { field, rule: 'unknown_item', message: `no item "${code}"; indexed items: ${indexed.join(', ') || 'none'}` },
      ]);
    }
    if (!item.indexed) {
      throw new DatasetError(
        'filter_not_indexed',
        `"${code}" is not indexed, and datasets are never scanned: filter or sort on an indexed item (${indexed.join(', ') || 'none'}), or fetch by key (POST …/records/batch). The provider can mark "${code}" indexed in a new catalog version.`,
        { errors: [{ field, rule: 'not_indexed', message: `"${code}" is not indexed` }], extensions: { indexed } },
      );
    }
    if (!DatasetIndexes.ready(resolved, code)) {
      this.indexes.ensureInBackground(resolved);
      throw new DatasetError('index_building', `The index of "${code}" is being built; retry shortly.`, {
        headers: { 'retry-after': String(INDEX_RETRY_AFTER_S) },
        extensions: { item: code },
      });
    }
    return item;
  }
}

function viewOf(stored: SelectedRecord, decision: Allowed): DatasetRecordView {
  const record = projectRecord(stored.record, decision);
  return {
    key: stored.key,
    version: stored.version,
    status: stored.status,
    record,
    updatedAt: stored.updatedAt.toISOString(),
    masked: Object.keys(decision.masks).filter((item) => Object.hasOwn(record, item)),
  };
}

function recordNotFound(resolved: ResolvedDataset): DatasetError {
  return new DatasetError(
    'record_not_found',
    `No record with this key in ${resolved.name.code} version ${resolved.name.major} that you may see.`,
  );
}

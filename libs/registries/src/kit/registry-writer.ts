import { Injectable } from '@nestjs/common';
import { eventType, EventLog, resourceSource, type NewEvent } from '@hutong/exchange';
import { normalizeSearchText, searchBigrams, type FieldViolation } from '@hutong/platform';
import { DataSource, QueryFailedError } from 'typeorm';
import { buildRecord, type RecordChange, type RecordValues } from './record-change';
import { mayWrite, type RegistryBinding } from './registry-binding';
import { itemByCode, type RegistryDefinition } from './registry-definition';
import {
  RegistryRecordRepository,
  type GroupSource,
  type StoredRecord,
  type VersionToWrite,
  type WriteContext,
} from './registry-records.repository';

/** A change with where it came from (an import line) and the version the writer read (If-Match). */
export interface IndexedChange {
  readonly change: RecordChange;
  readonly line?: number;
  readonly expectedVersion?: number;
}

export interface WriteBatch {
  readonly definition: RegistryDefinition;
  readonly binding: RegistryBinding;
  readonly actor: string;
  readonly reason: string | null;
  /** When the source agency recorded the data (defaults to now). */
  readonly sourceTime: Date;
  readonly importId: string | null;
  readonly changes: readonly IndexedChange[];
}

export type WriteOutcome =
  | { readonly line?: number; readonly key: string; readonly outcome: 'created' | 'updated'; readonly version: number }
  | { readonly line?: number; readonly key: string; readonly outcome: 'unchanged'; readonly version: number }
  | {
      readonly line?: number;
      readonly key: string;
      readonly outcome: 'rejected';
      readonly rule: 'invalid' | 'not_authoritative' | 'version_mismatch' | 'concurrent_change' | 'duplicate';
      readonly violations: readonly FieldViolation[];
    };

interface Planned {
  readonly indexed: IndexedChange;
  readonly current: StoredRecord | undefined;
  readonly version: VersionToWrite;
  readonly statusChanged: boolean;
}

/**
 * The one write path of every registry (single PUTs and import batches alike): reads the current
 * records of the batch in one query, builds and checks each new version, then writes all versions
 * and their events in one transaction. A row that fails its checks, or loses a race with a
 * concurrent write, is reported on its own and never holds back the others.
 */
@Injectable()
export class RegistryWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly records: RegistryRecordRepository,
    private readonly events: EventLog,
  ) {}

  current(registry: string, keys: readonly string[]): Promise<Map<string, StoredRecord>> {
    return this.records.current(registry, keys);
  }

  async write(batch: WriteBatch): Promise<WriteOutcome[]> {
    const { definition } = batch;
    const current = await this.records.current(
      definition.code,
      batch.changes.map((indexed) => indexed.change.key),
    );
    const outcomes: WriteOutcome[] = [];
    const planned: Planned[] = [];
    const seen = new Set<string>();
    for (const indexed of batch.changes) {
      const result = this.plan(batch, indexed, current.get(indexed.change.key), seen);
      if ('outcome' in result) outcomes.push(result);
      else planned.push(result);
    }
    const valid = await this.withUniqueValues(
      definition,
      await this.withKnownReferences(definition, await this.withValidGeometries(definition, planned, outcomes), outcomes),
      outcomes,
    );
    if (valid.length === 0) return outcomes;
    try {
      await this.store(batch, valid, outcomes);
    } catch (error) {
      // A concurrent write took a unique value after the check: write one by one, so only the rows
      // that really collide are refused (each then meets the value in the check).
      const constraint = uniqueItemViolation(error);
      if (constraint === undefined) throw error;
      const [single] = valid;
      if (valid.length === 1 && single) {
        outcomes.push(
          rejected(single, 'record', 'unique', `another record took a value this one needs (${constraint}) meanwhile`),
        );
      } else for (const plan of valid) outcomes.push(...(await this.write({ ...batch, changes: [plan.indexed] })));
    }
    return outcomes;
  }

  private async store(batch: WriteBatch, valid: readonly Planned[], outcomes: WriteOutcome[]): Promise<void> {
    const { definition } = batch;
    const at = new Date();
    const context: WriteContext = {
      registry: definition.code,
      at,
      by: batch.actor,
      reason: batch.reason,
      importId: batch.importId,
      geometryItem: definition.geometryItem ?? null,
    };
    await this.dataSource.transaction(async (manager) => {
      const written = await this.records.write(
        manager,
        context,
        valid.map((plan) => plan.version),
      );
      const events = valid.filter((plan) => written.has(plan.version.key)).map((plan) => this.eventOf(batch, plan));
      await this.events.append(manager, events);
      for (const plan of valid) outcomes.push(outcomeOf(plan, written.has(plan.version.key)));
    });
  }

  /**
   * Drops (as rejected) the planned versions that would give a unique item a value another live
   * record holds, or that an earlier row of the batch takes — one query per unique item.
   */
  private async withUniqueValues(
    definition: RegistryDefinition,
    planned: readonly Planned[],
    outcomes: WriteOutcome[],
  ): Promise<readonly Planned[]> {
    let kept = planned;
    for (const code of definition.uniqueItems ?? []) {
      const item = itemByCode(definition, code);
      if (!item) throw new Error(`unique item ${code} is not an item of ${definition.code}`);
      const live = (plan: Planned) =>
        plan.version.status !== definition.status.cancelled && plan.version.record[code] !== undefined;
      const valueOf = (plan: Planned): string => String(plan.version.record[code]);
      const holders = await this.records.holdersOf(definition.code, definition.status.cancelled, item, [
        ...new Set(kept.filter(live).map(valueOf)),
      ]);
      const taken = new Map<string, string>();
      const clashing = new Set<Planned>();
      for (const plan of kept.filter(live)) {
        const value = valueOf(plan);
        const holder = taken.get(value) ?? holders.get(value);
        if (holder !== undefined && holder !== plan.version.key) clashing.add(plan);
        else taken.set(value, plan.version.key);
      }
      for (const plan of clashing) outcomes.push(rejected(plan, code, 'unique', `another record already has this ${item.name}`));
      kept = kept.filter((plan) => !clashing.has(plan));
    }
    return kept;
  }

  /**
   * Drops (as rejected) the planned versions whose new geometry PostGIS finds invalid — a
   * self-intersecting ring, a hole outside its shell — in one query for the batch. Points are
   * always valid once their structure is, so a batch of points costs no query.
   */
  private async withValidGeometries(
    definition: RegistryDefinition,
    planned: readonly Planned[],
    outcomes: WriteOutcome[],
  ): Promise<readonly Planned[]> {
    const item = definition.geometryItem;
    if (item === undefined) return planned;
    const toCheck = planned
      .map((plan) => ({ key: plan.version.key, geometry: plan.version.record[item] }))
      .filter(({ geometry }) => isAreaOrLine(geometry));
    const invalid = await this.records.invalidGeometries(toCheck);
    if (invalid.size === 0) return planned;
    for (const plan of planned) {
      const reason = invalid.get(plan.version.key);
      if (reason !== undefined) outcomes.push(rejected(plan, item, 'invalid_geometry', `PostGIS: ${reason}`));
    }
    return planned.filter((plan) => !invalid.has(plan.version.key));
  }

  /**
   * Drops (as rejected) the planned versions that name a record of another registry that does not
   * exist — an observation of an indicator nobody defined — with one query per reference.
   */
  private async withKnownReferences(
    definition: RegistryDefinition,
    planned: readonly Planned[],
    outcomes: WriteOutcome[],
  ): Promise<readonly Planned[]> {
    let kept = planned;
    for (const reference of definition.references ?? []) {
      const valueOf = (plan: Planned): string => String(plan.version.record[reference.item]);
      // A revision that keeps its reference was checked when it was written: records are never deleted.
      const toCheck = kept.filter((plan) => plan.current?.record[reference.item] !== plan.version.record[reference.item]);
      const known = await this.records.existingKeys(reference.registry, [...new Set(toCheck.map(valueOf))]);
      const unknown = new Set(toCheck.filter((plan) => !known.has(valueOf(plan))));
      for (const plan of unknown) {
        outcomes.push(rejected(plan, reference.item, 'unknown_reference', `no ${reference.registry} record ${valueOf(plan)}`));
      }
      kept = kept.filter((plan) => !unknown.has(plan));
    }
    return kept;
  }

  private plan(
    batch: WriteBatch,
    indexed: IndexedChange,
    current: StoredRecord | undefined,
    seen: Set<string>,
  ): Planned | WriteOutcome {
    const { definition, binding, actor } = batch;
    const { change, line } = indexed;
    const reject = (
      rule: Extract<WriteOutcome, { outcome: 'rejected' }>['rule'],
      violations: FieldViolation[],
    ): WriteOutcome => ({
      ...(line !== undefined ? { line } : {}),
      key: change.key,
      outcome: 'rejected',
      rule,
      violations,
    });
    const duplicate = seen.has(change.key) || (batch.importId !== null && current?.importId === batch.importId);
    seen.add(change.key);
    if (duplicate) {
      return reject('duplicate', [
        { field: definition.keyItem, rule: 'duplicate', message: 'the key appears earlier in this import' },
      ]);
    }
    const refused = Object.keys(change.groups).filter((group) => !mayWrite(binding, actor, group));
    if (refused.length > 0) {
      return reject(
        'not_authoritative',
        refused.map((group) => ({
          field: change.fieldPrefix === '' ? group : `${change.fieldPrefix}.${group}`,
          rule: 'not_authoritative',
          message: `${actor} is not an authoritative source of group ${group}`,
        })),
      );
    }
    if (indexed.expectedVersion !== undefined && indexed.expectedVersion !== (current?.version ?? 0)) {
      return reject('version_mismatch', [
        { field: 'If-Match', rule: 'stale', message: `the record is at version ${current?.version ?? 'none'}` },
      ]);
    }
    const built = buildRecord(definition, current?.record ?? null, change);
    if (!built.ok) return reject('invalid', built.violations);
    if (current && built.changedGroups.length === 0) {
      return { ...(line !== undefined ? { line } : {}), key: change.key, outcome: 'unchanged', version: current.version };
    }
    const recordedAt = new Date().toISOString();
    const source: GroupSource = { agency: actor, sourceTime: batch.sourceTime.toISOString(), recordedAt };
    const sources = { ...(current?.sources ?? {}) } as Record<string, GroupSource>;
    for (const group of built.changedGroups) sources[group] = source;
    const names = nameValues(definition, built.record);
    return {
      indexed,
      current,
      statusChanged: built.statusChanged,
      version: {
        key: change.key,
        version: (current?.version ?? 0) + 1,
        record: built.record,
        sources,
        status: String(built.record[definition.status.item]),
        // A record without a value of an optional scope item is in no division: no row scope reaches it.
        scopeDivision: scopeOf(definition, built.record),
        searchNames: names.map(normalizeSearchText).join('|'),
        searchGrams: [...new Set(names.flatMap(searchBigrams))],
        changedGroups: built.changedGroups,
      },
    };
  }

  private eventOf(batch: WriteBatch, plan: Planned): NewEvent {
    const { definition, binding } = batch;
    const action = plan.current === undefined ? 'registered' : plan.statusChanged ? 'status-changed' : 'updated';
    return {
      type: eventType(definition.events?.domain ?? 'registries', definition.entity, action),
      source: resourceSource(binding.providerCode, binding.resourceCode),
      subject: plan.version.key,
      resourceCode: binding.resourceCode,
      data: {
        ...definition.events?.context,
        key: plan.version.key,
        version: plan.version.version,
        record: plan.version.record,
        divisions: plan.version.scopeDivision === '' ? [] : [plan.version.scopeDivision],
        changedGroups: plan.version.changedGroups,
        status: plan.version.status,
        ...(plan.current ? { previousStatus: plan.current.status } : {}),
      },
    };
  }
}

/** A planned version refused by a check that needed the database (one item, one rule). */
function rejected(plan: Planned, field: string, rule: string, message: string): WriteOutcome {
  const line = plan.indexed.line;
  return {
    ...(line !== undefined ? { line } : {}),
    key: plan.version.key,
    outcome: 'rejected',
    rule: 'invalid',
    violations: [{ field, rule, message }],
  };
}

function outcomeOf(plan: Planned, written: boolean): WriteOutcome {
  const line = plan.indexed.line;
  const key = plan.version.key;
  if (!written) {
    return {
      ...(line !== undefined ? { line } : {}),
      key,
      outcome: 'rejected',
      rule: 'concurrent_change',
      violations: [{ field: 'key', rule: 'concurrent_change', message: 'another write to this record committed first' }],
    };
  }
  return {
    ...(line !== undefined ? { line } : {}),
    key,
    outcome: plan.current ? 'updated' : 'created',
    version: plan.version.version,
  };
}

function scopeOf(definition: RegistryDefinition, record: RecordValues): string {
  const value = definition.scopeItem === undefined ? undefined : record[definition.scopeItem];
  return typeof value === 'string' ? value : '';
}

/** A unique item's index refused a value (its name ends in `_u`); any other 23505 is a real error. */
function uniqueItemViolation(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  return code === '23505' && constraint?.endsWith('_u') === true ? constraint : undefined;
}

function isAreaOrLine(geometry: unknown): boolean {
  if (typeof geometry !== 'object' || geometry === null || !('type' in geometry)) return false;
  return geometry.type !== 'Point' && geometry.type !== 'MultiPoint';
}

/** The current and former names of a record, for search. */
function nameValues(definition: RegistryDefinition, record: RecordValues): string[] {
  return definition.nameItems.flatMap((item) => {
    const value = record[item];
    if (typeof value === 'string') return [value];
    return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];
  });
}

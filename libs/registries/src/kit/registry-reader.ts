import { Injectable } from '@nestjs/common';
import { EntitlementService, type Entitlement, type EntitlementQuestion } from '@hutong/catalog';
import type { Caller } from '@hutong/identity';
import { AuditTrail, containsPattern, searchBigrams, validationProblem } from '@hutong/platform';
import { notEntitled, recordNotFound, RegistryError } from '../registries.errors';
import { recordView, versionView, type RecordView, type VersionView } from './record-views';
import { RegistryDirectory, type InstalledRegistry } from './registry-directory';
import { RegistryRecordRepository, type StoredRecord } from './registry-records.repository';

type Allowed = Extract<Entitlement, { allowed: true }>;

export interface ReadOptions {
  readonly items?: readonly string[];
  readonly asOf?: Date;
}

export interface SearchFilters {
  readonly name?: string;
  readonly divisionCode?: string;
  /** Item → value equality filters. */
  readonly equals: Readonly<Record<string, string>>;
  readonly items?: readonly string[];
  readonly limit: number;
  readonly after?: string;
}

export interface RecordPage {
  readonly items: RecordView[];
  /** Pass as `cursor` for the next page; absent on the last. */
  readonly nextCursor?: string;
}

export interface BatchResult {
  readonly records: RecordView[];
  /** Keys with no record the caller may see (missing or outside the row scope: not told apart). */
  readonly notFound: string[];
}

/**
 * Consumer reads of every registry, each through the catalog's entitlement check: the decision
 * picks the items (projection, masks) and the rows (scope); a record outside the scope is answered
 * exactly like a missing one, so a scoped consumer cannot learn who lives elsewhere.
 */
@Injectable()
export class RegistryReader {
  constructor(
    private readonly directory: RegistryDirectory,
    private readonly records: RegistryRecordRepository,
    private readonly entitlements: EntitlementService,
  ) {}

  async get(caller: Caller, registry: string, rawKey: string, options: ReadOptions): Promise<RecordView> {
    const installed = await this.directory.resolve(registry);
    const key = keyOf(installed, rawKey, 'key');
    askedAbout(installed, [key]);
    const question = questionFor(caller, installed, options.items);
    await this.allowed(question, installed);
    const stored =
      options.asOf === undefined
        ? (await this.records.current(registry, [key])).get(key)
        : await this.records.asOf(registry, key, options.asOf);
    if (!stored) throw recordNotFound(registry);
    const decision = await this.check({ ...question, divisions: [stored.scopeDivision] }, installed);
    if (!decision.allowed) {
      if (decision.reason === 'out_of_scope') throw recordNotFound(registry);
      throw notEntitled(decision);
    }
    this.recordRead(caller, installed, decision, [key]);
    return recordView(installed.definition, stored, decision);
  }

  async history(caller: Caller, registry: string, rawKey: string): Promise<{ key: string; versions: VersionView[] }> {
    const installed = await this.directory.resolve(registry);
    const key = keyOf(installed, rawKey, 'key');
    askedAbout(installed, [key]);
    const question = questionFor(caller, installed, undefined);
    const decision = await this.allowed(question, installed);
    const versions = await this.records.history(registry, key);
    const visible = [];
    for (const version of versions) {
      const scoped = await this.check({ ...question, divisions: [version.scopeDivision] }, installed);
      if (scoped.allowed) visible.push(versionView(version, scoped));
    }
    if (visible.length === 0) throw recordNotFound(registry);
    this.recordRead(caller, installed, decision, [key]);
    return { key, versions: visible };
  }

  async batch(caller: Caller, registry: string, rawKeys: readonly string[], items?: readonly string[]): Promise<BatchResult> {
    const installed = await this.directory.resolve(registry);
    const keys = [...new Set(rawKeys.map((raw, index) => keyOf(installed, raw, `keys[${index}]`)))];
    const decision = await this.check(questionFor(caller, installed, items), installed);
    if (!decision.allowed) {
      // A refused batch names who it asked about; an answered one names only whom it returned.
      askedAbout(installed, keys);
      throw notEntitled(decision);
    }
    const found = await this.records.many(registry, keys, decision.rowScope?.divisions);
    const foundKeys = new Set(found.map((stored) => stored.key));
    this.recordRead(caller, installed, decision, [...foundKeys]);
    return {
      records: found.map((stored) => recordView(installed.definition, stored, decision)),
      notFound: keys.filter((key) => !foundKeys.has(key)),
    };
  }

  async search(caller: Caller, registry: string, filters: SearchFilters): Promise<RecordPage> {
    const installed = await this.directory.resolve(registry);
    const { definition } = installed;
    if (filters.name === undefined && filters.divisionCode === undefined) {
      throw validationProblem([{ field: 'name', rule: 'required', message: 'search by name or divisionCode (or both)' }]);
    }
    const filterItems = [
      ...(filters.name !== undefined ? definition.nameItems.slice(0, 1) : []),
      ...(filters.divisionCode !== undefined && definition.scopeItem !== undefined ? [definition.scopeItem] : []),
      ...Object.keys(filters.equals),
    ];
    const items = filters.items === undefined ? undefined : [...new Set([...filters.items, ...filterItems])];
    const decision = await this.allowed(questionFor(caller, installed, items), installed);
    // Filtering on an item one may not read — or read masked only — would tell its value by which records come back.
    const hidden = filterItems.filter((item) => !decision.items.includes(item) || decision.masks[item] !== undefined);
    if (hidden.length > 0) {
      throw notEntitled({
        reason: 'item_not_granted',
        detail: `Cannot filter on items not granted (or granted masked only): ${hidden.join(', ')}.`,
        items: hidden,
      });
    }
    const page = await this.records.search({
      registry,
      ...(filters.name !== undefined
        ? { name: { grams: searchBigrams(filters.name), like: containsPattern(filters.name) } }
        : {}),
      ...(filters.divisionCode !== undefined && definition.scopeItem !== undefined
        ? { divisionPrefix: divisionPrefix(filters.divisionCode) }
        : {}),
      equals: filters.equals,
      ...(decision.rowScope ? { scope: decision.rowScope.divisions } : {}),
      ...(filters.after !== undefined ? { after: filters.after } : {}),
      limit: filters.limit + 1,
    });
    const shown = page.slice(0, filters.limit);
    this.recordRead(
      caller,
      installed,
      decision,
      shown.map((stored) => stored.key),
    );
    const last = shown.at(-1);
    return {
      items: shown.map((stored: StoredRecord) => recordView(definition, stored, decision)),
      ...(page.length > filters.limit && last ? { nextCursor: Buffer.from(last.key).toString('base64url') } : {}),
    };
  }

  /** Asks the check and turns a refusal into its 403; an entry gone from the catalog is an uninstalled registry. */
  async allowed(question: EntitlementQuestion, installed: InstalledRegistry): Promise<Allowed> {
    const decision = await this.check(question, installed);
    if (!decision.allowed) throw notEntitled(decision);
    return decision;
  }

  async check(question: EntitlementQuestion, installed: InstalledRegistry): Promise<Entitlement> {
    const decision = await this.entitlements.check(question);
    if (!decision) {
      throw new RegistryError(
        'registry_not_installed',
        `The catalog entry of the ${installed.definition.code} registry is gone.`,
      );
    }
    return decision;
  }

  /**
   * Records a read for metering and the audit log: `keys` are the subjects a reviewer finds it by,
   * `records` how many records it returned (more than the keys when a key stands for a series).
   */
  recordRead(
    caller: Caller,
    installed: InstalledRegistry,
    decision: Allowed,
    keys: readonly string[],
    resourceCode = installed.binding.resourceCode,
    records = keys.length,
  ): void {
    this.entitlements.recordRead(caller.principalId, resourceCode, decision, records);
    askedAbout(installed, keys);
  }
}

/**
 * The keys a request names are its audit subjects before any check: a refused or unanswered
 * attempt on a person is an access a reviewer must find by that person, like a served one.
 */
export function askedAbout(installed: InstalledRegistry, keys: readonly string[]): void {
  AuditTrail.record({ subjects: keys.map((value) => ({ kind: installed.definition.subjectKind, value })) });
}

export function questionFor(
  caller: Caller,
  installed: InstalledRegistry,
  items: readonly string[] | undefined,
): EntitlementQuestion {
  return {
    principal: { id: caller.principalId, kind: caller.kind },
    resourceCode: installed.binding.resourceCode,
    ...(items !== undefined ? { items } : {}),
  };
}

export function keyOf(installed: InstalledRegistry, raw: string, field: string): string {
  const checked = installed.definition.normalizeKey(raw);
  if (!checked.ok) throw validationProblem([{ ...checked.violation, field }]);
  return checked.key;
}

/** `440100` (a city) → `4401`, `440103` (a district) → `440103`: the prefix every division below it shares. */
export function divisionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

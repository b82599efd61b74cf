import { Injectable } from '@nestjs/common';
import type { Caller } from '@hutong/identity';
import { AuditTrail, validationProblem } from '@hutong/platform';
import { RegistryError } from '../registries.errors';
import { isWriter } from './registry-binding';
import { RegistryDirectory, type InstalledRegistry } from './registry-directory';
import { keyOf } from './registry-reader';
import type { RecordChange, RecordValues } from './record-change';
import { RegistryWriter, type WriteOutcome } from './registry-writer';

export interface RecordWrite {
  /** Attribute group → its items' values; each group sent is replaced, groups left out are kept. */
  readonly groups: Readonly<Record<string, Readonly<RecordValues>>>;
  readonly reason?: string;
  /** When the source agency recorded the data; defaults to now. */
  readonly sourceTime?: string;
}

export interface WriteResult {
  readonly key: string;
  readonly version: number;
  readonly outcome: 'created' | 'updated' | 'unchanged';
}

/**
 * Single-record writes by the registry's provider and contributors: partial updates by attribute
 * group with optimistic concurrency, and logical cancellation instead of delete. The answer says
 * what happened, never the record: a contributor of one group may not read the others.
 */
@Injectable()
export class RegistryRecordService {
  constructor(
    private readonly directory: RegistryDirectory,
    private readonly writer: RegistryWriter,
  ) {}

  /** `fieldPrefix` names where groups sit in the body, for error fields ('' when items are at the top, as in a GeoJSON Feature). */
  async put(
    caller: Caller,
    registry: string,
    rawKey: string,
    body: RecordWrite,
    expectedVersion?: number,
    fieldPrefix = 'groups',
    reactivate = false,
  ): Promise<WriteResult> {
    const installed = await this.directory.resolve(registry);
    this.assertWriter(caller, installed);
    const key = keyOf(installed, rawKey, 'key');
    if (Object.keys(body.groups).length === 0) {
      throw validationProblem([{ field: 'groups', rule: 'not_empty', message: 'send at least one attribute group' }]);
    }
    const change: RecordChange = reactivate
      ? { key, groups: withInitialStatus(installed, body.groups), fieldPrefix, lifecycle: true }
      : { key, groups: body.groups, fieldPrefix };
    return this.writeOne(caller, installed, change, body, expectedVersion);
  }

  /** Logical cancellation: the status moves to the registry's cancelled status; history keeps everything. */
  async cancel(caller: Caller, registry: string, rawKey: string, reason: string, expectedVersion?: number): Promise<WriteResult> {
    const installed = await this.directory.resolve(registry);
    const { definition, binding } = installed;
    if (caller.principalId !== binding.providerCode) {
      throw new RegistryError('not_authoritative', `Only the provider of the ${registry} registry may cancel a record.`);
    }
    const key = keyOf(installed, rawKey, 'key');
    const statusGroup = definition.items.find((item) => item.code === definition.status.item)?.group ?? '';
    // The status group is replaced as a whole: keep its other items, move the status.
    const current = await this.currentGroupValues(installed, key, statusGroup);
    if (current === undefined) throw new RegistryError('record_not_found', `No such record in the ${registry} registry.`);
    const groups = {
      [statusGroup]: { ...current, [definition.status.item]: definition.status.cancelled, [definition.status.dateItem]: null },
    };
    return this.writeOne(
      caller,
      installed,
      { key, groups, fieldPrefix: 'groups', lifecycle: true },
      { groups, reason },
      expectedVersion,
    );
  }

  private async writeOne(
    caller: Caller,
    installed: InstalledRegistry,
    change: RecordChange,
    body: RecordWrite,
    expectedVersion: number | undefined,
  ): Promise<WriteResult> {
    const sourceTime = body.sourceTime === undefined ? new Date() : new Date(body.sourceTime);
    const [outcome] = await this.writer.write({
      definition: installed.definition,
      binding: installed.binding,
      actor: caller.principalId,
      reason: body.reason ?? null,
      sourceTime,
      importId: null,
      changes: [{ change, ...(expectedVersion !== undefined ? { expectedVersion } : {}) }],
    });
    if (!outcome) throw new Error('the writer returned no outcome for a single change');
    AuditTrail.record({
      resource: installed.binding.resourceCode,
      subjects: [{ kind: installed.definition.subjectKind, value: change.key }],
      after: { groups: Object.keys(change.groups), outcome: outcome.outcome },
    });
    return resultOf(outcome, installed.definition.code);
  }

  private async currentGroupValues(installed: InstalledRegistry, key: string, group: string): Promise<RecordValues | undefined> {
    const stored = (await this.writer.current(installed.definition.code, [key])).get(key);
    if (!stored) return undefined;
    const codes = installed.definition.items.filter((item) => item.group === group && !item.key).map((item) => item.code);
    return Object.fromEntries(
      codes.filter((code) => stored.record[code] !== undefined).map((code) => [code, stored.record[code]]),
    );
  }

  private assertWriter(caller: Caller, installed: InstalledRegistry): void {
    if (!isWriter(installed.binding, caller.principalId)) {
      throw new RegistryError(
        'not_authoritative',
        `${caller.principalId} is neither the provider nor a contributor of the ${installed.definition.code} registry.`,
      );
    }
  }
}

/**
 * The groups with the status group's status set to the initial one: a write that publishes the
 * record (again), for registries where a PUT of a withdrawn record restores it (datasets).
 */
function withInitialStatus(
  installed: InstalledRegistry,
  groups: Readonly<Record<string, Readonly<RecordValues>>>,
): Record<string, Readonly<RecordValues>> {
  const { status, items } = installed.definition;
  const statusGroup = items.find((item) => item.code === status.item)?.group ?? '';
  return { ...groups, [statusGroup]: { ...groups[statusGroup], [status.item]: status.initial } };
}

function resultOf(outcome: WriteOutcome, registry: string): WriteResult {
  if (outcome.outcome !== 'rejected') return { key: outcome.key, version: outcome.version, outcome: outcome.outcome };
  switch (outcome.rule) {
    case 'invalid':
    case 'duplicate':
      throw validationProblem(outcome.violations);
    case 'not_authoritative':
      throw new RegistryError(
        'not_authoritative',
        `Not an authoritative source of ${outcome.violations.map((v) => v.field).join(', ')}.`,
        {
          errors: outcome.violations,
        },
      );
    case 'version_mismatch':
      throw new RegistryError('version_mismatch', `The ${registry} record changed since you read it; read it again.`);
    case 'concurrent_change':
      throw new RegistryError('concurrent_change', `Another write to this ${registry} record committed first; retry.`);
  }
}

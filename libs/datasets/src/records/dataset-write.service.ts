import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { Caller } from '@hutong/identity';
import { validationProblem, type FieldViolation } from '@hutong/platform';
import { ImportService, RegistryRecordService, type RegistryImport, type RowError, type WriteResult } from '@hutong/registries';
import { DatasetError } from '../datasets.errors';
import { DatasetDirectory, type ResolvedDataset } from '../registration/dataset-directory';
import { normalizeKey, RECORD_GROUP } from '../schema/dataset-definition';
import { KEY_SEPARATOR, RESERVED_ITEM_CODES } from '../schema/dataset-schema';

export interface RecordWrite {
  /** Item → value: the whole record (a PUT replaces it; items left out are cleared). */
  readonly record: Readonly<Record<string, unknown>>;
  readonly reason?: string;
  readonly sourceTime?: string;
}

type ImportFormat = Parameters<ImportService['start']>[2];

/**
 * The provider's writes to a dataset major, on the registry kit's write path: every record is
 * checked against the schema (type, length, pattern, enum, codes, required, unique), the previous
 * version is kept as history, and the change event is appended to the outbox in the same
 * transaction. A retired major takes no writes.
 */
@Injectable()
export class DatasetWriteService {
  constructor(
    private readonly directory: DatasetDirectory,
    private readonly records: RegistryRecordService,
    private readonly imports: ImportService,
  ) {}

  async put(
    caller: Caller,
    agency: string,
    code: string,
    rawKey: string,
    body: RecordWrite,
    expectedVersion: number | undefined,
    major?: number,
  ): Promise<WriteResult> {
    const resolved = await this.writable(agency, code, major);
    checkRecordItems(resolved, rawKey, body.record);
    // A PUT publishes the record: one that was withdrawn is active again (a status-changed event says so).
    return this.records.put(
      caller,
      resolved.major.registry,
      rawKey,
      { groups: { [RECORD_GROUP]: body.record }, ...optional(body) },
      expectedVersion,
      '',
      true,
    );
  }

  async withdraw(
    caller: Caller,
    agency: string,
    code: string,
    rawKey: string,
    reason: string,
    expectedVersion: number | undefined,
    major?: number,
  ): Promise<WriteResult> {
    const resolved = await this.writable(agency, code, major);
    return this.records.cancel(caller, resolved.major.registry, rawKey, reason, expectedVersion);
  }

  async startImport(
    caller: Caller,
    agency: string,
    code: string,
    format: ImportFormat,
    upload: Readable,
    reason: string | null,
    major?: number,
  ): Promise<{ entry: RegistryImport; duplicate: boolean }> {
    const resolved = await this.writable(agency, code, major);
    return this.imports.start(caller, resolved.major.registry, format, upload, reason);
  }

  async importOf(caller: Caller, agency: string, code: string, id: string, major?: number): Promise<RegistryImport> {
    const resolved = await this.directory.find(agency, code, major);
    return this.imports.get(caller, resolved.major.registry, id);
  }

  async importErrors(
    caller: Caller,
    agency: string,
    code: string,
    id: string,
    afterLine: number,
    limit: number,
    major?: number,
  ): Promise<RowError[]> {
    const resolved = await this.directory.find(agency, code, major);
    return this.imports.errors(caller, resolved.major.registry, id, afterLine, limit);
  }

  private async writable(agency: string, code: string, major?: number): Promise<ResolvedDataset> {
    const resolved = await this.directory.find(agency, code, major);
    if (resolved.resource.status === 'retired') {
      throw new DatasetError(
        'dataset_retired',
        `${code} version ${resolved.major.major} is retired (its catalog entry ${resolved.major.resourceCode} is): it takes no more writes.`,
      );
    }
    return resolved;
  }
}

/**
 * The platform's own items are never written; key items may be sent in the record too (a full
 * record is easier to produce), and must then agree with the key.
 */
function checkRecordItems(resolved: ResolvedDataset, rawKey: string, record: Readonly<Record<string, unknown>>): void {
  const violations: FieldViolation[] = Object.keys(record)
    .filter((code) => RESERVED_ITEM_CODES.has(code))
    .map((code) => ({
      field: code,
      rule: 'read_only',
      message: `"${code}" is kept by the platform (DELETE withdraws a record)`,
    }));
  const key = normalizeKey(resolved.schema, rawKey);
  if (!key.ok) {
    if (violations.length > 0) throw validationProblem(violations);
    return; // the kit reports the key itself
  }
  const parts = key.key.split(KEY_SEPARATOR);
  resolved.schema.keyItems.forEach((item, index) => {
    if (!Object.hasOwn(record, item.code)) return;
    const value = record[item.code];
    const sent =
      typeof value === 'string' || typeof value === 'number'
        ? normalizeKey({ ...resolved.schema, keyItems: [item] }, String(value))
        : { ok: false as const };
    if (!sent.ok || sent.key !== parts[index]) {
      violations.push({ field: item.code, rule: 'key_mismatch', message: `differs from the key in the URL (${item.name})` });
    }
  });
  if (violations.length > 0) throw validationProblem(violations);
}

function optional(body: RecordWrite): { reason?: string; sourceTime?: string } {
  return {
    ...(body.reason !== undefined ? { reason: body.reason } : {}),
    ...(body.sourceTime !== undefined ? { sourceTime: body.sourceTime } : {}),
  };
}

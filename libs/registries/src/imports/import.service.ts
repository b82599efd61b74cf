import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '@hutong/identity';
import { AuditTrail, LOGGER, platformProblem, validationProblem, type Logger } from '@hutong/platform';
import { RegistryError } from '../registries.errors';
import { isWriter } from '../kit/registry-binding';
import { RegistryDirectory, type InstalledRegistry } from '../kit/registry-directory';
import { IMPORT_STALLED_AFTER_MS, ImportRunner } from './import-runner';
import type { ImportFormat, RegistryImport, RowError } from './registry-import';
import { RegistryImportRepository } from './registry-import.repository';
import { BadHeaderError, checkCsvHeaderOf } from './row-source';
import { NotUtf8Error, spool, TooLargeError } from './spool';

/** The largest file one import takes (a 20-million-person registry as NDJSON is about 8 GiB: split it). */
export const MAX_IMPORT_BYTES = 4 * 1024 ** 3;

export interface StartedImport {
  readonly entry: RegistryImport;
  /** The same file was imported before: nothing ran again. */
  readonly duplicate: boolean;
}

/**
 * Bulk imports as resources: the upload is spooled (hashed, UTF-8 checked), an import row is
 * created, and the runner works through the file in the background while `GET …/imports/{id}`
 * shows progress. Re-sending a file the agency already imported returns the earlier import and
 * changes nothing; were it run again, every row would merge as unchanged anyway.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly directory: RegistryDirectory,
    private readonly imports: RegistryImportRepository,
    private readonly runner: ImportRunner,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async start(
    caller: Caller,
    registry: string,
    format: ImportFormat,
    upload: Readable,
    reason: string | null,
  ): Promise<StartedImport> {
    const installed = await this.directory.resolve(registry);
    if (format.startsWith('geojson') && installed.definition.geometryItem === undefined) {
      throw validationProblem([
        { field: 'Content-Type', rule: 'media_type', message: `the ${registry} registry has no geometry: send NDJSON or CSV` },
      ]);
    }
    if (!isWriter(installed.binding, caller.principalId)) {
      throw new RegistryError(
        'not_authoritative',
        `${caller.principalId} neither provides nor contributes to the ${registry} registry.`,
      );
    }
    const id = randomUUID();
    const directory = join(tmpdir(), 'hutong-imports');
    await mkdir(directory, { recursive: true });
    const path = join(directory, id);
    const spooled = await this.receive(upload, path);
    if (format === 'csv') await this.checkHeader(path, installed);
    const earlier = await this.sameContentAlive(registry, caller.principalId, spooled.sha256);
    if (earlier) {
      await rm(path, { force: true });
      return { entry: earlier, duplicate: true };
    }
    const entry: RegistryImport = {
      id,
      registry,
      agencyCode: caller.principalId,
      format,
      contentSha256: spooled.sha256,
      bytes: spooled.bytes,
      reason,
      state: 'queued',
      rowsRead: 0,
      rowsCreated: 0,
      rowsUpdated: 0,
      rowsUnchanged: 0,
      rowsRejected: 0,
      failure: null,
      createdAt: new Date(),
      startedAt: null,
      finishedAt: null,
    };
    await this.imports.insert(entry);
    AuditTrail.record({
      resource: installed.binding.resourceCode,
      subjects: [{ kind: 'record', value: id }],
      after: { format, bytes: spooled.bytes, sha256: spooled.sha256 },
    });
    void this.runInBackground(installed, entry, path);
    return { entry, duplicate: false };
  }

  /**
   * The earlier import of the same file, unless it failed — or died with its process: a file sent
   * again after a crash starts over rather than waiting on an import nobody runs.
   */
  private async sameContentAlive(registry: string, agencyCode: string, sha256: string): Promise<RegistryImport | undefined> {
    const earlier = await this.imports.sameContent(registry, agencyCode, sha256);
    if (!earlier || earlier.state === 'completed' || earlier.state === 'failed') return earlier;
    return (await this.imports.failIfStalled(earlier.id, IMPORT_STALLED_AFTER_MS)) ? undefined : earlier;
  }

  async get(caller: Caller, registry: string, id: string): Promise<RegistryImport> {
    const installed = await this.directory.resolve(registry);
    let entry = await this.imports.find(registry, id);
    if (!entry || (entry.agencyCode !== caller.principalId && caller.principalId !== installed.binding.providerCode)) {
      throw new RegistryError('import_not_found', `No import ${id} of the ${registry} registry that you may see.`);
    }
    if (
      (entry.state === 'running' || entry.state === 'queued') &&
      (await this.imports.failIfStalled(id, IMPORT_STALLED_AFTER_MS))
    ) {
      entry = (await this.imports.find(registry, id)) ?? entry;
    }
    return entry;
  }

  async errors(caller: Caller, registry: string, id: string, afterLine: number, limit: number): Promise<RowError[]> {
    await this.get(caller, registry, id);
    return this.imports.errors(id, afterLine, limit);
  }

  private async receive(upload: Readable, path: string) {
    try {
      return await spool(upload, path, MAX_IMPORT_BYTES);
    } catch (error) {
      await rm(path, { force: true });
      if (error instanceof NotUtf8Error) {
        throw new RegistryError(
          'not_utf8',
          `${error.message}. GBK/GB18030 files are refused: convert to UTF-8 (iconv -f GBK -t UTF-8) and send again. Nothing was imported.`,
          { errors: [{ field: 'body', rule: 'utf8', message: `line ${error.line} is not UTF-8` }] },
        );
      }
      if (error instanceof TooLargeError) {
        throw platformProblem('payload-too-large', `${error.message}; split the file. Nothing was imported.`);
      }
      throw error;
    }
  }

  private async checkHeader(path: string, installed: InstalledRegistry): Promise<void> {
    try {
      await checkCsvHeaderOf(path, installed.definition);
    } catch (error) {
      await rm(path, { force: true });
      const message = error instanceof Error ? error.message : 'unreadable header';
      throw new RegistryError('bad_import_header', `${message}. Nothing was imported.`, {
        errors: [{ field: 'header', rule: 'csv_header', message }],
      });
    }
  }

  private async runInBackground(installed: InstalledRegistry, entry: RegistryImport, path: string): Promise<void> {
    try {
      await this.runner.run(installed, entry, path);
    } catch (error) {
      const failure =
        error instanceof BadHeaderError || (error instanceof Error && error.cause instanceof BadHeaderError)
          ? `bad CSV header: ${(error.cause instanceof Error ? error.cause : error).message}`
          : 'the import stopped on an internal error; rows committed before it stay; send the file again to finish';
      this.logger.error({ err: error, importId: entry.id }, 'registry import failed');
      await this.imports.finish(entry.id, 'failed', failure).catch(() => undefined);
    } finally {
      await rm(path, { force: true });
    }
  }
}

const FORMATS_BY_MEDIA_TYPE: Readonly<Record<string, ImportFormat>> = {
  'application/x-ndjson': 'ndjson',
  'text/csv': 'csv',
  // SDMX-CSV 1.0 is CSV whose columns are concept ids; a registry that speaks it maps them (`importColumns`).
  'application/vnd.sdmx.data+csv': 'csv',
  'application/geo+json': 'geojson',
  'application/geo+json-seq': 'geojson-seq',
};

export function importFormatOf(contentType: string | undefined): ImportFormat {
  const essence = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  const charset = /charset=([^;]+)/i
    .exec(contentType ?? '')?.[1]
    ?.trim()
    .replace(/"/g, '')
    .toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new RegistryError(
      'not_utf8',
      `Imports are UTF-8; the file declares charset ${charset}. Convert it first (iconv -f ${charset} -t UTF-8).`,
    );
  }
  const format = FORMATS_BY_MEDIA_TYPE[essence ?? ''];
  if (format) return format;
  throw validationProblem([
    {
      field: 'Content-Type',
      rule: 'media_type',
      message: `send ${Object.keys(FORMATS_BY_MEDIA_TYPE).join(', ')} (GeoJSON for spatial registries only)`,
    },
  ]);
}

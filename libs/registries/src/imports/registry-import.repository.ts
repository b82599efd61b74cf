import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { partitionsOf, RUN_TIME_REGISTRY_CODE } from '../kit/record-store';
import type { ImportFormat, ImportProgress, ImportState, RegistryImport, RowError } from './registry-import';

interface ImportRow {
  id: string;
  registry: string;
  agency_code: string;
  format: ImportFormat;
  content_sha256: string;
  bytes: string;
  reason: string | null;
  state: ImportState;
  rows_read: number;
  rows_created: number;
  rows_updated: number;
  rows_unchanged: number;
  rows_rejected: number;
  failure: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const COLUMNS = `id, registry, agency_code, format, content_sha256, bytes, reason, state, rows_read, rows_created, rows_updated,
  rows_unchanged, rows_rejected, failure, created_at, started_at, finished_at`;

/** SQL of imports and their error reports. */
@Injectable()
export class RegistryImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(entry: RegistryImport): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO registry_imports (id, registry, agency_code, format, content_sha256, bytes, reason, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [entry.id, entry.registry, entry.agencyCode, entry.format, entry.contentSha256, entry.bytes, entry.reason, entry.state],
    );
  }

  async find(registry: string, id: string): Promise<RegistryImport | undefined> {
    const rows = await this.dataSource.query<ImportRow[]>(
      `SELECT ${COLUMNS} FROM registry_imports WHERE registry = $1 AND id = $2`,
      [registry, id],
    );
    return rows[0] && toImport(rows[0]);
  }

  /** The earlier import of the same file by the same agency that did not fail, if any. */
  async sameContent(registry: string, agencyCode: string, sha256: string): Promise<RegistryImport | undefined> {
    const rows = await this.dataSource.query<ImportRow[]>(
      `SELECT ${COLUMNS} FROM registry_imports
        WHERE registry = $1 AND agency_code = $2 AND content_sha256 = $3 AND state <> 'failed'
        ORDER BY created_at LIMIT 1`,
      [registry, agencyCode, sha256],
    );
    return rows[0] && toImport(rows[0]);
  }

  async start(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE registry_imports SET state = 'running', started_at = now(), heartbeat_at = now() WHERE id = $1`,
      [id],
    );
  }

  /** Saves progress and this batch's row errors together, so the report never lags the counts. */
  async progress(id: string, progress: ImportProgress, errors: readonly RowError[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      if (errors.length > 0) {
        await manager.query(
          `INSERT INTO registry_import_errors (import_id, line, field, rule, message)
           SELECT $1, e.line, e.field, e.rule, e.message FROM jsonb_to_recordset($2::jsonb) AS e(line integer, field text, rule text, message text)`,
          [id, JSON.stringify(errors)],
        );
      }
      await manager.query(
        `UPDATE registry_imports SET rows_read = $2, rows_created = $3, rows_updated = $4, rows_unchanged = $5, rows_rejected = $6,
                heartbeat_at = now()
          WHERE id = $1`,
        [id, progress.rowsRead, progress.rowsCreated, progress.rowsUpdated, progress.rowsUnchanged, progress.rowsRejected],
      );
    });
  }

  async heartbeat(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE registry_imports SET heartbeat_at = now() WHERE id = $1 AND state = 'running'`, [id]);
  }

  async finish(id: string, state: 'completed' | 'failed', failure: string | null): Promise<void> {
    await this.dataSource.query(`UPDATE registry_imports SET state = $2, failure = $3, finished_at = now() WHERE id = $1`, [
      id,
      state,
      failure,
    ]);
  }

  /**
   * Refreshes the planner's statistics of the record store after a bulk load, so the next query
   * plans with the new rows (a bounding box still picks the GiST index) instead of waiting for
   * autovacuum to notice. ANALYZE samples a fixed number of rows: seconds even on tens of millions.
   */
  async refreshStatistics(registry: string): Promise<void> {
    // A dataset's own partition: analysing the partitioned parent would sample every dataset.
    const table = RUN_TIME_REGISTRY_CODE.test(registry) ? partitionsOf(registry).records : 'registry_records';
    await this.dataSource.query(`ANALYZE ${table}`);
  }

  async errors(id: string, afterLine: number, limit: number): Promise<RowError[]> {
    return this.dataSource.query<RowError[]>(
      `SELECT line, field, rule, message FROM registry_import_errors WHERE import_id = $1 AND line > $2
        ORDER BY line, field LIMIT $3`,
      [id, afterLine, limit],
    );
  }

  /**
   * Fails an import whose runner has not reported for `staleAfterMs` (its process died): it can never
   * finish, and its file is gone with the process. Returns whether it did.
   */
  async failIfStalled(id: string, staleAfterMs: number): Promise<boolean> {
    const rows = await this.dataSource.query<Array<{ id: string }>>(
      `WITH stalled AS (
         UPDATE registry_imports SET state = 'failed', finished_at = now(),
                failure = 'the gateway stopped while the import ran; rows committed before stay; send the file again to finish'
          WHERE id = $1 AND state IN ('queued', 'running')
            AND COALESCE(heartbeat_at, created_at) < now() - make_interval(secs => $2 / 1000.0)
         RETURNING id)
       SELECT id FROM stalled`,
      [id, staleAfterMs],
    );
    return rows.length > 0;
  }
}

function toImport(row: ImportRow): RegistryImport {
  return {
    id: row.id,
    registry: row.registry,
    agencyCode: row.agency_code,
    format: row.format,
    contentSha256: row.content_sha256,
    bytes: Number(row.bytes),
    reason: row.reason,
    state: row.state,
    rowsRead: row.rows_read,
    rowsCreated: row.rows_created,
    rowsUpdated: row.rows_updated,
    rowsUnchanged: row.rows_unchanged,
    rowsRejected: row.rows_rejected,
    failure: row.failure,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

import { Injectable } from '@nestjs/common';
import { partitionsOf, sqlLiteral } from '@hutong/registries';
import { DataSource, type EntityManager } from 'typeorm';
import type { DatasetMajor } from './dataset';

interface DatasetRow {
  agency_code: string;
  code: string;
  major: number;
  registry: string;
  resource_code: string;
  since_version: number;
  indexes: Record<string, string>;
  created_at: Date;
  created_by: string;
}

const COLUMNS = 'agency_code, code, major, registry, resource_code, since_version, indexes, created_at, created_by';

export interface NewMajor {
  readonly agency: string;
  readonly code: string;
  readonly major: number;
  readonly resourceCode: string;
  readonly sinceVersion: number;
  readonly createdBy: string;
}

/** SQL of dataset majors and of their storage: the partitions registration creates and the indexes built on them. */
@Injectable()
export class DatasetRepository {
  constructor(private readonly dataSource: DataSource) {}

  async majors(agency: string, code: string, manager: EntityManager = this.dataSource.manager): Promise<DatasetMajor[]> {
    const rows = await manager.query<DatasetRow[]>(
      `SELECT ${COLUMNS} FROM datasets WHERE agency_code = $1 AND code = $2 ORDER BY major`,
      [agency, code],
    );
    return rows.map(toMajor);
  }

  async list(agency: string | null): Promise<DatasetMajor[]> {
    const rows = await this.dataSource.query<DatasetRow[]>(
      `SELECT ${COLUMNS} FROM datasets WHERE $1::text IS NULL OR agency_code = $1 ORDER BY agency_code, code, major`,
      [agency],
    );
    return rows.map(toMajor);
  }

  async byRegistry(registry: string): Promise<DatasetMajor | undefined> {
    const rows = await this.dataSource.query<DatasetRow[]>(`SELECT ${COLUMNS} FROM datasets WHERE registry = $1`, [registry]);
    return rows[0] && toMajor(rows[0]);
  }

  async byResource(resourceCode: string, manager: EntityManager = this.dataSource.manager): Promise<DatasetMajor | undefined> {
    const rows = await manager.query<DatasetRow[]>(`SELECT ${COLUMNS} FROM datasets WHERE resource_code = $1`, [resourceCode]);
    return rows[0] && toMajor(rows[0]);
  }

  async nextRegistryCode(manager: EntityManager): Promise<string> {
    const [row] = await manager.query<Array<{ id: string }>>(`SELECT nextval('dataset_registry_seq')::text AS id`);
    if (!row) throw new Error('dataset_registry_seq gave no value');
    return `ds-${row.id}`;
  }

  /**
   * Creates the major's two partitions and its row, in the caller's transaction (the registry's
   * binding row must exist first). DDL is transactional in PostgreSQL: a failed registration
   * leaves no partition behind.
   */
  async insert(manager: EntityManager, registry: string, major: NewMajor): Promise<void> {
    const partitions = partitionsOf(registry);
    const value = sqlLiteral(registry);
    // CREATE TABLE … PARTITION OF would lock the parents exclusively (every dataset's reads wait);
    // a table made alone and then attached needs only SHARE UPDATE EXCLUSIVE on them, and its CHECK
    // spares the attach a validation scan. A busy parent makes registration fail fast, not queue.
    await manager.query(`SET LOCAL lock_timeout = '5s'`);
    for (const [table, parent] of [
      [partitions.records, 'dataset_records'],
      [partitions.versions, 'dataset_record_versions'],
    ] as const) {
      await manager.query(
        `CREATE TABLE ${table} (LIKE ${parent} INCLUDING DEFAULTS INCLUDING CONSTRAINTS, CHECK (registry = ${value}))`,
      );
      await manager.query(`ALTER TABLE ${parent} ATTACH PARTITION ${table} FOR VALUES IN (${value})`);
    }
    await manager.query(
      `INSERT INTO datasets (agency_code, code, major, registry, resource_code, since_version, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [major.agency, major.code, major.major, registry, major.resourceCode, major.sinceVersion, major.createdBy],
    );
  }

  /** Adds built indexes to the major's record (merged: builds of different items may finish on different instances). */
  async addIndexes(registry: string, indexes: Readonly<Record<string, string>>): Promise<void> {
    await this.dataSource.query('UPDATE datasets SET indexes = indexes || $2::jsonb WHERE registry = $1', [
      registry,
      JSON.stringify(indexes),
    ]);
  }

  /**
   * Runs `work` on a connection of its own holding the major's advisory lock — one builder per
   * dataset across all instances (a build in progress elsewhere looks like an invalid index) — with
   * no statement timeout: an index on tens of millions of rows takes minutes. Returns false,
   * having run nothing, when another instance holds the lock.
   */
  async withIndexSession(registry: string, work: (session: IndexSession) => Promise<void>): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const [lock] = await runner.manager.query<Array<{ locked: boolean }>>(
        "SELECT pg_try_advisory_lock(hashtext('hutong.dataset-indexes'), hashtext($1)) AS locked",
        [registry],
      );
      if (lock?.locked !== true) return false;
      try {
        await runner.query('SET statement_timeout = 0');
        await work({
          state: async (name) => {
            const rows = await runner.manager.query<Array<{ valid: boolean }>>(
              `SELECT i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                WHERE c.relname = $1 AND c.relnamespace = current_schema()::regnamespace`,
              [name],
            );
            const [row] = rows;
            if (!row) return 'missing';
            return row.valid ? 'valid' : 'invalid';
          },
          // Outside any transaction: CREATE / DROP INDEX CONCURRENTLY lets writes go on while an index builds.
          run: async (statement) => {
            await runner.query(statement);
          },
        });
      } finally {
        await runner.query('RESET statement_timeout');
        await runner.query("SELECT pg_advisory_unlock(hashtext('hutong.dataset-indexes'), hashtext($1))", [registry]);
      }
      return true;
    } finally {
      await runner.release();
    }
  }
}

/** What an index builder may do on its connection. */
export interface IndexSession {
  /** `valid`, `invalid` (a build that failed half-way: this session holds the only builder's lock), or `missing`. */
  state(name: string): Promise<'valid' | 'invalid' | 'missing'>;
  run(statement: string): Promise<void>;
}

function toMajor(row: DatasetRow): DatasetMajor {
  return {
    agency: row.agency_code,
    code: row.code,
    major: row.major,
    registry: row.registry,
    resourceCode: row.resource_code,
    sinceVersion: row.since_version,
    indexes: row.indexes,
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

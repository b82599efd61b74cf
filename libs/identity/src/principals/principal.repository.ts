import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal, PrincipalKind, PrincipalStatus } from './principal';

interface PrincipalRow {
  id: string;
  kind: PrincipalKind;
  name: string;
  status: PrincipalStatus;
  version: number;
  created_at: Date;
  created_by: string | null;
  updated_at: Date;
}

export interface NewPrincipal {
  readonly id: string;
  readonly kind: PrincipalKind;
  readonly name: string;
  readonly createdBy: string | null;
}

const COLUMNS = 'id, kind, name, status, version, created_at, created_by, updated_at';

/** SQL for the `principals` table. Every method takes an optional manager to join a transaction. */
@Injectable()
export class PrincipalRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<Principal | undefined> {
    const rows: PrincipalRow[] = await manager.query(`SELECT ${COLUMNS} FROM principals WHERE id = $1`, [id]);
    return rows[0] && toPrincipal(rows[0]);
  }

  async insert(principal: NewPrincipal, manager: EntityManager = this.dataSource.manager): Promise<Principal | undefined> {
    const rows: PrincipalRow[] = await manager.query(
      `INSERT INTO principals (id, kind, name, created_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
      [principal.id, principal.kind, principal.name, principal.createdBy],
    );
    return rows[0] && toPrincipal(rows[0]);
  }

  /** Applies the change only if the row is still at `expectedVersion` (optimistic concurrency). */
  async update(
    id: string,
    expectedVersion: number,
    change: { name?: string; status?: PrincipalStatus },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<Principal | undefined> {
    const rows: PrincipalRow[] = await manager.query(
      // Wrapped in a CTE because TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
      `WITH updated AS (
         UPDATE principals SET name = COALESCE($3, name), status = COALESCE($4, status),
                version = version + 1, updated_at = now()
          WHERE id = $1 AND version = $2 RETURNING ${COLUMNS})
       SELECT * FROM updated`,
      [id, expectedVersion, change.name ?? null, change.status ?? null],
    );
    return rows[0] && toPrincipal(rows[0]);
  }

  /** Holds the principal's row lock until the transaction ends (serialises changes to its keys). */
  async lockForUpdate(id: string, manager: EntityManager): Promise<void> {
    await manager.query('SELECT 1 FROM principals WHERE id = $1 FOR UPDATE', [id]);
  }

  async listByKind(kind: PrincipalKind, limit: number, after: string | undefined): Promise<Principal[]> {
    const rows: PrincipalRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM principals WHERE kind = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
      [kind, after ?? null, limit],
    );
    return rows.map(toPrincipal);
  }

  async countByKind(kind: PrincipalKind, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: Array<{ count: string }> = await manager.query('SELECT count(*) FROM principals WHERE kind = $1', [kind]);
    return Number(rows[0]?.count ?? 0);
  }
}

function toPrincipal(row: PrincipalRow): Principal {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    status: row.status,
    version: row.version,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  };
}

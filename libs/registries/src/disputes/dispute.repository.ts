import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Dispute, DisputeState } from './dispute';

interface DisputeRow {
  id: string;
  registry: string;
  key: string;
  item: string;
  reason: string;
  filed_by: string;
  filed_at: Date;
  state: DisputeState;
  resolution: string | null;
  resolved_by: string | null;
  resolved_at: Date | null;
}

const COLUMNS = 'id, registry, key, item, reason, filed_by, filed_at, state, resolution, resolved_by, resolved_at';

export interface DisputeListing {
  readonly registry: string;
  /** Only disputes filed by this agency; undefined = all of the registry. */
  readonly filedBy?: string;
  readonly state?: DisputeState;
  readonly limit: number;
  readonly offset: number;
}

/** SQL of data-quality disputes. */
@Injectable()
export class DisputeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(manager: EntityManager, dispute: Dispute): Promise<void> {
    await manager.query(
      `INSERT INTO registry_disputes (id, registry, key, item, reason, filed_by, filed_at, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'open')`,
      [dispute.id, dispute.registry, dispute.key, dispute.item, dispute.reason, dispute.filedBy, dispute.filedAt],
    );
  }

  async lock(manager: EntityManager, registry: string, id: string): Promise<Dispute | undefined> {
    const rows = await manager.query<DisputeRow[]>(
      `SELECT ${COLUMNS} FROM registry_disputes WHERE registry = $1 AND id = $2 FOR UPDATE`,
      [registry, id],
    );
    return rows[0] && toDispute(rows[0]);
  }

  async resolve(
    manager: EntityManager,
    id: string,
    state: Exclude<DisputeState, 'open'>,
    by: string,
    resolution: string,
  ): Promise<void> {
    await manager.query(
      `UPDATE registry_disputes SET state = $2, resolved_by = $3, resolution = $4, resolved_at = now() WHERE id = $1`,
      [id, state, by, resolution],
    );
  }

  async find(registry: string, id: string): Promise<Dispute | undefined> {
    const rows = await this.dataSource.query<DisputeRow[]>(
      `SELECT ${COLUMNS} FROM registry_disputes WHERE registry = $1 AND id = $2`,
      [registry, id],
    );
    return rows[0] && toDispute(rows[0]);
  }

  async list(listing: DisputeListing): Promise<Dispute[]> {
    const rows = await this.dataSource.query<DisputeRow[]>(
      `SELECT ${COLUMNS} FROM registry_disputes
        WHERE registry = $1 AND ($2::text IS NULL OR filed_by = $2) AND ($3::text IS NULL OR state = $3)
        ORDER BY filed_at DESC, id OFFSET $4 LIMIT $5`,
      [listing.registry, listing.filedBy ?? null, listing.state ?? null, listing.offset, listing.limit],
    );
    return rows.map(toDispute);
  }
}

function toDispute(row: DisputeRow): Dispute {
  return {
    id: row.id,
    registry: row.registry,
    key: row.key,
    item: row.item,
    reason: row.reason,
    filedBy: row.filed_by,
    filedAt: row.filed_at,
    state: row.state,
    resolution: row.resolution,
    resolvedBy: row.resolved_by,
    resolvedAt: row.resolved_at,
  };
}

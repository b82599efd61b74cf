import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Grant, GrantStatus, Quota, RowScope } from './grant';

interface GrantRow {
  id: string;
  request_id: string;
  consumer_code: string;
  resource_code: string;
  provider_code: string;
  items: string[];
  masked_items: string[];
  row_scope: RowScope | null;
  purpose: string;
  valid_from: Date;
  valid_to: Date;
  quota: Quota | null;
  coordinated: boolean;
  status: GrantStatus;
  ended_at: Date | null;
  ended_by: string | null;
  end_reason: string | null;
  created_at: Date;
}

const COLUMNS = `id, request_id, consumer_code, resource_code, provider_code, items, masked_items, row_scope, purpose, valid_from, valid_to,
  quota, coordinated, status, ended_at, ended_by, end_reason, created_at`;

export interface GrantListing {
  readonly party: { readonly as: 'consumer' | 'provider'; readonly agency: string } | { readonly as: 'operator' };
  readonly resourceCode?: string;
  readonly status?: GrantStatus;
  readonly limit: number;
  readonly offset: number;
}

/** SQL for grants. */
@Injectable()
export class GrantRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(grant: Grant, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO grants (id, request_id, consumer_code, resource_code, provider_code, items, row_scope, purpose,
         valid_from, valid_to, quota, coordinated, masked_items)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        grant.id,
        grant.requestId,
        grant.consumerCode,
        grant.resourceCode,
        grant.providerCode,
        grant.items,
        grant.rowScope === null ? null : JSON.stringify(grant.rowScope),
        grant.purpose,
        grant.validFrom,
        grant.validTo,
        grant.quota === null ? null : JSON.stringify(grant.quota),
        grant.coordinated,
        grant.maskedItems,
      ],
    );
  }

  async find(id: string): Promise<Grant | undefined> {
    const rows: GrantRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM grants WHERE id = $1`, [id]);
    return rows[0] && toGrant(rows[0]);
  }

  /** Every grant a consumer holds or held on a resource: what the entitlement check decides from. */
  async forConsumer(consumerCode: string, resourceCode: string): Promise<Grant[]> {
    const rows: GrantRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM grants WHERE consumer_code = $1 AND resource_code = $2`,
      [consumerCode, resourceCode],
    );
    return rows.map(toGrant);
  }

  async end(
    id: string,
    status: Exclude<GrantStatus, 'active'>,
    by: string,
    reason: string | null,
    manager: EntityManager,
  ): Promise<void> {
    await manager.query(
      `UPDATE grants SET status = $2, ended_at = now(), ended_by = $3, end_reason = $4 WHERE id = $1 AND status = 'active'`,
      [id, status, by, reason],
    );
  }

  async list(listing: GrantListing): Promise<Grant[]> {
    const party = listing.party;
    const rows: GrantRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM grants
        WHERE ($1::text IS NULL OR ${party.as === 'provider' ? 'provider_code' : 'consumer_code'} = $1)
          AND ($2::text IS NULL OR resource_code = $2)
          AND ($3::text IS NULL OR status = $3)
        ORDER BY created_at DESC, id
        OFFSET $4 LIMIT $5`,
      [
        party.as === 'operator' ? null : party.agency,
        listing.resourceCode ?? null,
        listing.status ?? null,
        listing.offset,
        listing.limit,
      ],
    );
    return rows.map(toGrant);
  }
}

function toGrant(row: GrantRow): Grant {
  return {
    id: row.id,
    requestId: row.request_id,
    consumerCode: row.consumer_code,
    resourceCode: row.resource_code,
    providerCode: row.provider_code,
    items: row.items,
    maskedItems: row.masked_items,
    rowScope: row.row_scope,
    purpose: row.purpose,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    quota: row.quota,
    coordinated: row.coordinated,
    status: row.status,
    endedAt: row.ended_at,
    endedBy: row.ended_by,
    endReason: row.end_reason,
    createdAt: row.created_at,
  };
}

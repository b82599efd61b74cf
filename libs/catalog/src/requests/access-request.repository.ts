import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AccessRequest, Application, Decision, RequestState, RequestTransition } from './access-request';

interface RequestRow {
  id: string;
  resource_code: string;
  consumer_code: string;
  provider_code: string;
  state: RequestState;
  application: Application;
  decision: Decision | null;
  grant_id: string | null;
  deadline_at: Date | null;
  version: number;
  submitted_at: Date;
  updated_at: Date;
}

export interface RequestListing {
  /** Whose requests: as consumer, as provider, or (operators) everyone's. */
  readonly party: { readonly as: 'consumer' | 'provider'; readonly agency: string } | { readonly as: 'operator' };
  readonly states?: readonly RequestState[];
  readonly resourceCode?: string;
  readonly overdueAt?: Date;
  /** Keyset: requests submitted before this (submitted_at, id). */
  readonly before?: { readonly submittedAt: string; readonly id: string };
  readonly limit: number;
}

export interface RequestChange {
  readonly state: RequestState;
  readonly decision?: Decision | null;
  readonly grantId?: string | null;
  readonly deadlineAt?: Date | null;
}

const COLUMNS =
  'id, resource_code, consumer_code, provider_code, state, application, decision, grant_id, deadline_at, version, submitted_at, updated_at';

/** SQL for access requests and their transition history. */
@Injectable()
export class AccessRequestRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(request: AccessRequest, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO access_requests (id, resource_code, consumer_code, provider_code, state, application, decision, grant_id,
         deadline_at, submitted_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
      [
        request.id,
        request.resourceCode,
        request.consumerCode,
        request.providerCode,
        request.state,
        JSON.stringify(request.application),
        request.decision === null ? null : JSON.stringify(request.decision),
        request.grantId,
        request.deadlineAt,
        request.submittedAt,
      ],
    );
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager): Promise<AccessRequest | undefined> {
    const rows: RequestRow[] = await manager.query(`SELECT ${COLUMNS} FROM access_requests WHERE id = $1`, [id]);
    return rows[0] && toRequest(rows[0]);
  }

  async lock(id: string, manager: EntityManager): Promise<AccessRequest | undefined> {
    const rows: RequestRow[] = await manager.query(`SELECT ${COLUMNS} FROM access_requests WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] && toRequest(rows[0]);
  }

  /**
   * Approved requests whose grant's validity has ended, locked request first (the order every
   * decision takes) and skipping those another instance or a decision holds.
   */
  async lockLapsed(now: Date, limit: number, manager: EntityManager): Promise<AccessRequest[]> {
    const rows: RequestRow[] = await manager.query(
      `SELECT ${COLUMNS.split(', ')
        .map((c) => `r.${c}`)
        .join(', ')}
         FROM access_requests r JOIN grants g ON g.id = r.grant_id
        WHERE r.state = 'approved' AND g.status = 'active' AND g.valid_to <= $1
        ORDER BY g.valid_to LIMIT $2
        FOR UPDATE OF r SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toRequest);
  }

  /** Every request on an entry that is not final yet, locked in id order. */
  async lockOpen(resourceCode: string, manager: EntityManager): Promise<AccessRequest[]> {
    const rows: RequestRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM access_requests
        WHERE resource_code = $1 AND state IN ('pending', 'rejected', 'escalated', 'approved')
        ORDER BY id FOR UPDATE`,
      [resourceCode],
    );
    return rows.map(toRequest);
  }

  async update(id: string, change: RequestChange, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE access_requests
          SET state = $2,
              decision = CASE WHEN $3::boolean THEN $4::jsonb ELSE decision END,
              grant_id = CASE WHEN $5::boolean THEN $6::uuid ELSE grant_id END,
              deadline_at = CASE WHEN $7::boolean THEN $8::timestamptz ELSE deadline_at END,
              version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        id,
        change.state,
        change.decision !== undefined,
        change.decision == null ? null : JSON.stringify(change.decision),
        change.grantId !== undefined,
        change.grantId ?? null,
        change.deadlineAt !== undefined,
        change.deadlineAt ?? null,
      ],
    );
  }

  async addTransition(requestId: string, entry: Omit<RequestTransition, 'seq' | 'at'>, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO access_request_transitions (request_id, seq, from_state, to_state, action, actor, reason)
       SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6 FROM access_request_transitions WHERE request_id = $1`,
      [requestId, entry.from, entry.to, entry.action, entry.actor, entry.reason],
    );
  }

  async history(requestId: string): Promise<RequestTransition[]> {
    const rows: Array<{
      seq: number;
      from_state: RequestState | null;
      to_state: RequestState;
      action: string;
      actor: string;
      reason: string | null;
      at: Date;
    }> = await this.dataSource.query(
      `SELECT seq, from_state, to_state, action, actor, reason, at FROM access_request_transitions
        WHERE request_id = $1 ORDER BY seq`,
      [requestId],
    );
    return rows.map((row) => ({
      seq: row.seq,
      from: row.from_state,
      to: row.to_state,
      action: row.action,
      actor: row.actor,
      reason: row.reason,
      at: row.at,
    }));
  }

  /** A page, newest first; each with its keyset position (`submitted_at` as text keeps microseconds). */
  async list(listing: RequestListing): Promise<Array<{ request: AccessRequest; key: string }>> {
    const party = listing.party;
    const rows: Array<RequestRow & { submitted_key: string }> = await this.dataSource.query(
      `SELECT ${COLUMNS}, submitted_at::text AS submitted_key FROM access_requests
        WHERE ($1::text IS NULL OR ${party.as === 'provider' ? 'provider_code' : 'consumer_code'} = $1)
          AND ($2::text[] IS NULL OR state = ANY ($2))
          AND ($3::text IS NULL OR resource_code = $3)
          AND ($4::timestamptz IS NULL OR (state IN ('pending', 'escalated') AND deadline_at < $4))
          AND ($5::timestamptz IS NULL OR (submitted_at, id) < ($5::timestamptz, $6::uuid))
        ORDER BY submitted_at DESC, id DESC
        LIMIT $7`,
      [
        party.as === 'operator' ? null : party.agency,
        listing.states ?? null,
        listing.resourceCode ?? null,
        listing.overdueAt ?? null,
        listing.before?.submittedAt ?? null,
        listing.before?.id ?? null,
        listing.limit,
      ],
    );
    return rows.map((row) => ({ request: toRequest(row), key: row.submitted_key }));
  }
}

function toRequest(row: RequestRow): AccessRequest {
  return {
    id: row.id,
    resourceCode: row.resource_code,
    consumerCode: row.consumer_code,
    providerCode: row.provider_code,
    state: row.state,
    application: row.application,
    decision: row.decision,
    grantId: row.grant_id,
    deadlineAt: row.deadline_at,
    version: row.version,
    submittedAt: row.submitted_at,
    updatedAt: row.updated_at,
  };
}

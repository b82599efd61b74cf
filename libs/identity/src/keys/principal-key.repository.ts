import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import type { AgencyRole } from '../agencies/agency';
import type { PrincipalKind } from '../principals/principal';
import type { ClientKeyAlgorithm } from './jwk-policy';
import type { PrincipalKey, StoredKeyStatus } from './principal-key';

interface KeyRow {
  principal_id: string;
  kid: string;
  alg: ClientKeyAlgorithm;
  public_jwk: Record<string, string>;
  thumbprint: string;
  not_before: Date;
  expires_at: Date | null;
  status: StoredKeyStatus;
  revoked_at: Date | null;
  created_at: Date;
}

export interface NewPrincipalKey {
  readonly principalId: string;
  readonly kid: string;
  readonly alg: ClientKeyAlgorithm;
  readonly publicJwk: Readonly<Record<string, string>>;
  readonly thumbprint: string;
  readonly notBefore: Date | undefined;
  readonly expiresAt: Date | undefined;
  readonly createdBy: string | null;
}

export type InsertKeyOutcome = { inserted: PrincipalKey } | { conflict: 'kid' | 'thumbprint' };

/** What the guard needs to know about a token's principal and client key, in one round trip. */
export interface CredentialState {
  readonly principalStatus: string;
  readonly principalKind: PrincipalKind;
  /** The agency's current roles (null for operators and reviewers). */
  readonly agencyRoles: AgencyRole[] | null;
  readonly keyStatus: StoredKeyStatus | null;
}

const COLUMNS = 'principal_id, kid, alg, public_jwk, thumbprint, not_before, expires_at, status, revoked_at, created_at';
const USABLE = "status = 'active' AND not_before <= now() AND (expires_at IS NULL OR expires_at > now())";

@Injectable()
export class PrincipalKeyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(key: NewPrincipalKey, manager: EntityManager = this.dataSource.manager): Promise<InsertKeyOutcome> {
    try {
      const rows: KeyRow[] = await manager.query(
        `INSERT INTO principal_keys (principal_id, kid, alg, public_jwk, thumbprint, not_before, expires_at, created_by)
         VALUES ($1, $2, $3, $4, $5, COALESCE($6, now()), $7, $8) RETURNING ${COLUMNS}`,
        [
          key.principalId,
          key.kid,
          key.alg,
          JSON.stringify(key.publicJwk),
          key.thumbprint,
          key.notBefore ?? null,
          key.expiresAt ?? null,
          key.createdBy,
        ],
      );
      return { inserted: toKey(rows[0] as KeyRow) };
    } catch (error) {
      const constraint = uniqueViolation(error);
      if (constraint === 'principal_keys_pkey') return { conflict: 'kid' };
      if (constraint === 'principal_keys_thumbprint_idx') return { conflict: 'thumbprint' };
      throw error;
    }
  }

  async find(principalId: string, kid: string): Promise<PrincipalKey | undefined> {
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM principal_keys WHERE principal_id = $1 AND kid = $2`,
      [principalId, kid],
    );
    return rows[0] && toKey(rows[0]);
  }

  async listForPrincipal(principalId: string): Promise<PrincipalKey[]> {
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM principal_keys WHERE principal_id = $1 ORDER BY created_at, kid`,
      [principalId],
    );
    return rows.map(toKey);
  }

  /** Keys that may sign a client assertion at this moment. */
  async usableKeys(principalId: string): Promise<PrincipalKey[]> {
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM principal_keys WHERE principal_id = $1 AND ${USABLE} ORDER BY created_at DESC`,
      [principalId],
    );
    return rows.map(toKey);
  }

  async countUsable(principalId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const rows: Array<{ count: string }> = await manager.query(
      `SELECT count(*) FROM principal_keys WHERE principal_id = $1 AND (expires_at IS NULL OR expires_at > now()) AND status = 'active'`,
      [principalId],
    );
    return Number(rows[0]?.count ?? 0);
  }

  /** Revokes at once; returns undefined if there is no such key, the key as it is if already revoked. */
  async revoke(principalId: string, kid: string, revokedBy: string): Promise<PrincipalKey | undefined> {
    const rows: KeyRow[] = await this.dataSource.query(
      // Wrapped in a CTE because TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
      `WITH revoked AS (
         UPDATE principal_keys SET status = 'revoked', revoked_at = COALESCE(revoked_at, now()),
                revoked_by = COALESCE(revoked_by, $3)
          WHERE principal_id = $1 AND kid = $2 RETURNING ${COLUMNS})
       SELECT * FROM revoked`,
      [principalId, kid, revokedBy],
    );
    return rows[0] && toKey(rows[0]);
  }

  async credentialState(principalId: string, kid: string): Promise<CredentialState | undefined> {
    const rows: Array<{
      principal_status: string;
      principal_kind: PrincipalKind;
      agency_roles: AgencyRole[] | null;
      key_status: StoredKeyStatus | null;
    }> = await this.dataSource.query(
      // An expired key counts as revoked: tokens obtained with it end with it.
      `SELECT p.status AS principal_status, p.kind AS principal_kind, a.roles AS agency_roles,
              CASE WHEN k.status = 'active' AND (k.expires_at IS NULL OR k.expires_at > now()) THEN 'active'
                   WHEN k.kid IS NULL THEN NULL ELSE 'revoked' END AS key_status
         FROM principals p
         LEFT JOIN agencies a ON a.code = p.id
         LEFT JOIN principal_keys k ON k.principal_id = p.id AND k.kid = $2
        WHERE p.id = $1`,
      [principalId, kid],
    );
    const row = rows[0];
    return (
      row && {
        principalStatus: row.principal_status,
        principalKind: row.principal_kind,
        agencyRoles: row.agency_roles,
        keyStatus: row.key_status,
      }
    );
  }
}

function uniqueViolation(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' ? driverError.constraint : undefined;
}

function toKey(row: KeyRow): PrincipalKey {
  return {
    principalId: row.principal_id,
    kid: row.kid,
    alg: row.alg,
    publicJwk: row.public_jwk,
    thumbprint: row.thumbprint,
    notBefore: row.not_before,
    expiresAt: row.expires_at,
    status: row.status,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}

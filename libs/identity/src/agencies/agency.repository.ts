import { Injectable } from '@nestjs/common';
import { containsPattern, normalizeSearchText } from '@hutong/platform';
import { DataSource, type EntityManager } from 'typeorm';
import type { PrincipalStatus } from '../principals/principal';
import type { Agency, AgencyAlias, AgencyContact, AgencyLevel, AgencyRole, AliasReason } from './agency';

interface AgencyRow {
  code: string;
  name: string;
  level: AgencyLevel;
  parent_code: string | null;
  division_code: string;
  roles: AgencyRole[];
  status: PrincipalStatus;
  contact: AgencyContact;
  successor_code: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

interface AliasRow {
  agency_code: string;
  name: string;
  valid_from: Date | null;
  valid_to: Date | null;
  reason: AliasReason;
  note: string | null;
}

export interface AgencyDetails {
  readonly level: AgencyLevel;
  readonly parentCode: string | null;
  readonly divisionCode: string;
  readonly roles: readonly AgencyRole[];
  readonly contact: AgencyContact;
  readonly successorCode: string | null;
}

export interface NewAlias {
  readonly name: string;
  readonly validFrom: Date | null;
  readonly validTo: Date | null;
  readonly reason: AliasReason;
  readonly note: string | null;
}

export interface AgencySearch {
  readonly code?: string;
  /** Matches the current name or any alias, simplified or traditional. */
  readonly name?: string;
  readonly level?: AgencyLevel;
  readonly parentCode?: string;
  readonly status?: PrincipalStatus;
  readonly role?: AgencyRole;
  /** GB/T 2260 prefix, e.g. 4401 for every agency in Guangzhou. */
  readonly divisionPrefix?: string;
  readonly after?: string;
  readonly limit: number;
}

const SELECT_AGENCY = `
  SELECT a.code, p.name, a.level, a.parent_code, a.division_code, a.roles, p.status, a.contact,
         a.successor_code, p.version, p.created_at, p.updated_at
    FROM agencies a JOIN principals p ON p.id = a.code`;

/** SQL for agencies; the principal row (name, status, version) is written by PrincipalRepository. */
@Injectable()
export class AgencyRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(code: string, manager: EntityManager = this.dataSource.manager): Promise<Agency | undefined> {
    const rows: AgencyRow[] = await manager.query(`${SELECT_AGENCY} WHERE a.code = $1`, [code]);
    const [agency] = await this.withAliases(rows, manager);
    return agency;
  }

  /** Locks the agency row for the rest of the transaction (PATCH reads, checks, then writes). */
  async lock(code: string, manager: EntityManager): Promise<Agency | undefined> {
    const rows: AgencyRow[] = await manager.query(`${SELECT_AGENCY} WHERE a.code = $1 FOR UPDATE OF a, p`, [code]);
    const [agency] = await this.withAliases(rows, manager);
    return agency;
  }

  async search(search: AgencySearch): Promise<Agency[]> {
    const rows: AgencyRow[] = await this.dataSource.query(
      `${SELECT_AGENCY}
        WHERE ($1::text IS NULL OR a.code = $1)
          AND ($2::text IS NULL OR a.name_normalized LIKE $2
               OR EXISTS (SELECT 1 FROM agency_aliases al WHERE al.agency_code = a.code AND al.name_normalized LIKE $2))
          AND ($3::text IS NULL OR a.level = $3)
          AND ($4::text IS NULL OR a.parent_code = $4)
          AND ($5::text IS NULL OR p.status = $5)
          AND ($6::text IS NULL OR $6 = ANY (a.roles))
          AND ($7::text IS NULL OR a.division_code LIKE $7 || '%')
          AND ($8::text IS NULL OR a.code > $8)
        ORDER BY a.code
        LIMIT $9`,
      [
        search.code ?? null,
        search.name === undefined ? null : containsPattern(search.name),
        search.level ?? null,
        search.parentCode ?? null,
        search.status ?? null,
        search.role ?? null,
        search.divisionPrefix ?? null,
        search.after ?? null,
        search.limit,
      ],
    );
    return this.withAliases(rows, this.dataSource.manager);
  }

  async insert(code: string, name: string, details: AgencyDetails, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO agencies (code, level, parent_code, division_code, roles, contact, successor_code, name_normalized)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      detailParameters(code, name, details),
    );
  }

  async update(code: string, name: string, details: AgencyDetails, manager: EntityManager): Promise<void> {
    await manager.query(
      `UPDATE agencies SET level = $2, parent_code = $3, division_code = $4, roles = $5, contact = $6,
              successor_code = $7, name_normalized = $8
        WHERE code = $1`,
      detailParameters(code, name, details),
    );
  }

  async addAliases(code: string, aliases: readonly NewAlias[], manager: EntityManager): Promise<void> {
    for (const alias of aliases) {
      await manager.query(
        `INSERT INTO agency_aliases (agency_code, name, name_normalized, valid_from, valid_to, reason, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [code, alias.name, normalizeSearchText(alias.name), alias.validFrom, alias.validTo, alias.reason, alias.note],
      );
    }
  }

  /** Is `ancestor` the agency itself or above it in the parent chain? (guards against cycles) */
  async isSelfOrAncestor(ancestor: string, code: string, manager: EntityManager): Promise<boolean> {
    const rows: Array<{ found: boolean }> = await manager.query(
      `WITH RECURSIVE chain(code, parent_code, depth) AS (
         SELECT code, parent_code, 0 FROM agencies WHERE code = $2
         UNION ALL
         SELECT a.code, a.parent_code, c.depth + 1 FROM agencies a JOIN chain c ON a.code = c.parent_code WHERE c.depth < 16
       ) SELECT EXISTS (SELECT 1 FROM chain WHERE code = $1) AS found`,
      [ancestor, code],
    );
    return rows[0]?.found === true;
  }

  private async withAliases(rows: AgencyRow[], manager: EntityManager): Promise<Agency[]> {
    if (rows.length === 0) return [];
    const aliasRows: AliasRow[] = await manager.query(
      `SELECT agency_code, name, valid_from, valid_to, reason, note FROM agency_aliases
        WHERE agency_code = ANY ($1) ORDER BY valid_from NULLS FIRST, id`,
      [rows.map((row) => row.code)],
    );
    const byAgency = new Map<string, AgencyAlias[]>();
    for (const row of aliasRows) {
      const list = byAgency.get(row.agency_code) ?? [];
      list.push({ name: row.name, validFrom: row.valid_from, validTo: row.valid_to, reason: row.reason, note: row.note });
      byAgency.set(row.agency_code, list);
    }
    return rows.map((row) => toAgency(row, byAgency.get(row.code) ?? []));
  }
}

/** $1–$8 of both the INSERT and the UPDATE. */
function detailParameters(code: string, name: string, details: AgencyDetails): unknown[] {
  return [
    code,
    details.level,
    details.parentCode,
    details.divisionCode,
    details.roles,
    JSON.stringify(details.contact),
    details.successorCode,
    normalizeSearchText(name),
  ];
}

function toAgency(row: AgencyRow, aliases: AgencyAlias[]): Agency {
  return {
    code: row.code,
    name: row.name,
    level: row.level,
    parentCode: row.parent_code,
    divisionCode: row.division_code,
    roles: row.roles,
    status: row.status,
    contact: row.contact,
    successorCode: row.successor_code,
    aliases,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

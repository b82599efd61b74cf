import type { PrincipalStatus } from '../principals/principal';

export const AGENCY_LEVELS = ['province', 'city', 'district', 'township'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];
export const AGENCY_ROLES = ['provider', 'consumer'] as const;
export type AgencyRole = (typeof AGENCY_ROLES)[number];
export const ALIAS_REASONS = ['renamed', 'merged', 'alias'] as const;
export type AliasReason = (typeof ALIAS_REASONS)[number];

/** Rank for "a parent is above its child": province 0 … township 3. */
export const LEVEL_RANK: Record<AgencyLevel, number> = { province: 0, city: 1, district: 2, township: 3 };

export interface AgencyContact {
  readonly name?: string;
  readonly phone?: string;
  readonly email?: string;
}

/** A name the agency is or was known by (agencies are renamed and merged). */
export interface AgencyAlias {
  readonly name: string;
  readonly validFrom: Date | null;
  readonly validTo: Date | null;
  readonly reason: AliasReason;
  readonly note: string | null;
}

export interface Agency {
  /** 统一社会信用代码 (GB 32100), also the agency's principal id and OAuth client id. */
  readonly code: string;
  readonly name: string;
  readonly level: AgencyLevel;
  readonly parentCode: string | null;
  /** GB/T 2260 division the agency serves. */
  readonly divisionCode: string;
  readonly roles: readonly AgencyRole[];
  readonly status: PrincipalStatus;
  readonly contact: AgencyContact;
  /** The agency this one was merged into, once retired. */
  readonly successorCode: string | null;
  readonly aliases: readonly AgencyAlias[];
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

import type { ItemDataType, ResourceStatus, SharingType } from '../resources/resource';
import { withinScope, type Grant, type RowScope } from './grant';

/** Why a read is refused; callers answer 403 with this code. */
export const DENIAL_REASONS = [
  'no_grant',
  'expired',
  'item_not_granted',
  'out_of_scope',
  'quota_exceeded',
  'resource_retired',
] as const;
export type DenialReason = (typeof DENIAL_REASONS)[number];

/** What the entitlement check needs to know about an entry: its status and each item's sharing type. */
export interface EntitlementResource {
  readonly code: string;
  readonly providerCode: string;
  readonly status: ResourceStatus;
  readonly items: ReadonlyMap<string, SharingType>;
  /** Each item's data type, for masking; an item missing here is masked as text. */
  readonly itemTypes?: ReadonlyMap<string, ItemDataType>;
  readonly scopeItem: string | null;
}

/** "May principal P read items I of resource R for rows S now?" */
export interface EntitlementQuestion {
  readonly principal: { readonly id: string; readonly kind: 'agency' | 'operator' | 'reviewer' };
  readonly resourceCode: string;
  /** The items the read would return; absent = everything the principal may read. */
  readonly items?: readonly string[];
  /** Divisions of the rows the read touches, when known (e.g. the person's residence division). */
  readonly divisions?: readonly string[];
  readonly at?: Date;
}

export type Entitlement =
  | {
      readonly allowed: true;
      readonly basis: 'provider' | 'unconditional' | 'grant';
      readonly grantId: string | null;
      readonly purpose: string | null;
      /** The items the read may return (the projection). */
      readonly items: readonly string[];
      /** Items of `items` the read returns only masked, with the data type that decides how. */
      readonly masks: Readonly<Record<string, ItemDataType>>;
      /** Rows the read is limited to; null = all rows. */
      readonly rowScope: RowScope | null;
      readonly scopeItem: string | null;
      readonly validTo: string | null;
    }
  | {
      readonly allowed: false;
      readonly reason: DenialReason;
      readonly detail: string;
      /** The requested items the principal may not read (item_not_granted). */
      readonly items?: readonly string[];
    };

export interface QuotaUsage {
  readonly requests: number;
  readonly records: number;
}

/**
 * The decision itself, pure: no I/O, so it can be tested exhaustively and run from cache in
 * microseconds. Items must already be known to exist in the entry (unknown items are a 400, not a
 * denial).
 */
export function decide(
  question: EntitlementQuestion,
  resource: EntitlementResource,
  grants: readonly Grant[],
  usage: (grantId: string) => QuotaUsage,
): Entitlement {
  const now = question.at ?? new Date();
  if (resource.status === 'retired') {
    return deny('resource_retired', `Resource ${resource.code} is retired; nothing can be read from it.`);
  }
  const shareable = [...resource.items].filter(([, sharing]) => sharing !== 'none').map(([code]) => code);
  if (question.principal.kind === 'agency' && question.principal.id === resource.providerCode) {
    return allow('provider', null, question.items ?? [...resource.items.keys()], null, resource, null);
  }
  if (question.principal.kind !== 'agency' || resource.status !== 'published') {
    return deny('no_grant', `${question.principal.id} holds no grant for resource ${resource.code}.`);
  }
  const unconditional = shareable.filter((code) => resource.items.get(code) === 'unconditional');
  const wanted = question.items ?? shareable;
  // An empty projection is not "nothing to protect": it would still tell whether rows exist.
  if (wanted.length > 0 && wanted.every((code) => unconditional.includes(code))) {
    return allow('unconditional', null, wanted, null, resource, null);
  }
  const mine = grants.filter((grant) => grant.consumerCode === question.principal.id && grant.resourceCode === resource.code);
  const live = mine.filter((grant) => grant.status === 'active' && grant.validFrom <= now && now < grant.validTo);
  if (live.length === 0) return noLiveGrant(question, resource, mine, unconditional, now);
  const decision = bestGrant(question, resource, live, unconditional, usage);
  if (decision.allowed) return decision;
  if (decision.reason === 'item_not_granted') {
    // Other grants are live, but the one that covered these items has ended: say so.
    const lapsed = mine.find(
      (grant) => isLapsed(grant, now) && wanted.every((code) => unconditional.includes(code) || grant.items.includes(code)),
    );
    if (lapsed) return expired(lapsed, resource);
  }
  if (question.items === undefined && unconditional.length > 0) {
    // Asked for "whatever I may read" and no grant fits: the unconditional items still do.
    return allow('unconditional', null, unconditional, null, resource, null);
  }
  return decision;
}

/**
 * The items a grant covers now: those it lists that the current version still has and still shares
 * (an item since made 不予共享 stops, unless the grant came from coordination), plus every
 * unconditional item.
 */
function covered(grant: Grant, resource: EntitlementResource, unconditional: readonly string[]): Set<string> {
  const granted = grant.items.filter((code) => {
    const sharing = resource.items.get(code);
    return sharing !== undefined && (sharing !== 'none' || grant.coordinated);
  });
  return new Set([...unconditional, ...granted]);
}

function isLapsed(grant: Grant, now: Date): boolean {
  return grant.status === 'expired' || (grant.status === 'active' && grant.validTo <= now);
}

function expired(grant: Grant, resource: EntitlementResource): Entitlement {
  return deny('expired', `The grant ${grant.id} for resource ${resource.code} ended at ${grant.validTo.toISOString()}.`);
}

function noLiveGrant(
  question: EntitlementQuestion,
  resource: EntitlementResource,
  mine: readonly Grant[],
  unconditional: readonly string[],
  now: Date,
): Entitlement {
  if (question.items === undefined && unconditional.length > 0) {
    // Asked for "whatever I may read": the unconditional items, which need no grant.
    return allow('unconditional', null, unconditional, null, resource, null);
  }
  const lapsed = mine.find((grant) => isLapsed(grant, now));
  if (lapsed) return expired(lapsed, resource);
  const notYet = mine.find((grant) => grant.status === 'active' && grant.validFrom > now);
  if (notYet) {
    return deny('no_grant', `The grant ${notYet.id} for resource ${resource.code} starts at ${notYet.validFrom.toISOString()}.`);
  }
  const revoked = mine.find((grant) => grant.status === 'revoked');
  return deny(
    'no_grant',
    revoked
      ? `The grant ${revoked.id} for resource ${resource.code} was revoked.`
      : `${question.principal.id} holds no grant for resource ${resource.code}; request access first.`,
  );
}

/**
 * Among live grants, the first that covers the items and rows asked for (asked for everything: the
 * widest). When none does, the refusal names the check the closest grant failed: quota over scope
 * over items.
 */
function bestGrant(
  question: EntitlementQuestion,
  resource: EntitlementResource,
  live: readonly Grant[],
  unconditional: readonly string[],
  usage: (grantId: string) => QuotaUsage,
): Entitlement {
  const coverage = (grant: Grant) => covered(grant, resource, unconditional);
  const ranked = [...live].sort((a, b) => coverage(b).size - coverage(a).size || b.validTo.getTime() - a.validTo.getTime());
  let closest: { stage: number; denial: Entitlement } | undefined;
  const refuse = (stage: number, denial: Entitlement) => {
    if (closest === undefined || stage > closest.stage) closest = { stage, denial };
  };
  for (const grant of ranked) {
    const covered = coverage(grant);
    const items = question.items ?? [...resource.items.keys()].filter((code) => covered.has(code));
    const missing = items.filter((code) => !covered.has(code));
    if (missing.length > 0) {
      refuse(1, {
        allowed: false,
        reason: 'item_not_granted',
        detail: `Not granted on resource ${resource.code}: ${missing.join(', ')}. Request access to ${missing.length === 1 ? 'it' : 'them'}.`,
        items: missing,
      });
      continue;
    }
    if (grant.rowScope !== null && resource.scopeItem === null) {
      // The entry no longer says which item rows are scoped by: the scope cannot be enforced.
      refuse(2, deny('out_of_scope', `The rows of grant ${grant.id} can no longer be scoped: the entry has no scope item.`));
      continue;
    }
    if (question.divisions !== undefined && !withinScope(grant.rowScope, question.divisions)) {
      refuse(2, deny('out_of_scope', `The grant ${grant.id} covers rows in ${grant.rowScope?.divisions.join(', ')} only.`));
      continue;
    }
    const used = usage(grant.id);
    const quota = grant.quota;
    if (quota && (exceeded(used.requests, quota.requestsPerDay) || exceeded(used.records, quota.recordsPerDay))) {
      refuse(
        3,
        deny('quota_exceeded', `The daily quota of grant ${grant.id} is used up; it resets at midnight (Asia/Shanghai).`),
      );
      continue;
    }
    return allow('grant', grant, items, grant.rowScope, resource, grant.validTo);
  }
  return closest?.denial ?? deny('no_grant', `No grant covers this read of resource ${resource.code}.`);
}

function exceeded(used: number, limit: number | null): boolean {
  return limit !== null && used >= limit;
}

function allow(
  basis: 'provider' | 'unconditional' | 'grant',
  grant: Grant | null,
  items: readonly string[],
  rowScope: RowScope | null,
  resource: EntitlementResource,
  validTo: Date | null,
): Entitlement {
  return {
    allowed: true,
    basis,
    grantId: grant?.id ?? null,
    purpose: grant?.purpose ?? null,
    items,
    masks: masksOf(grant, items, resource),
    rowScope,
    scopeItem: resource.scopeItem,
    validTo: validTo?.toISOString() ?? null,
  };
}

/** The grant's masked items among those read; an unconditional item needs no grant, so it is never masked. */
function masksOf(
  grant: Grant | null,
  items: readonly string[],
  resource: EntitlementResource,
): Readonly<Record<string, ItemDataType>> {
  if (grant === null || grant.maskedItems.length === 0) return {};
  const masked = grant.maskedItems.filter((code) => items.includes(code) && resource.items.get(code) !== 'unconditional');
  return Object.fromEntries(masked.map((code) => [code, resource.itemTypes?.get(code) ?? 'string']));
}

function deny(reason: DenialReason, detail: string): Entitlement {
  return { allowed: false, reason, detail };
}

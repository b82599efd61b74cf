import type { Quota, RowScope } from '../grants/grant';

/** 使用用途 (国发〔2016〕51号 Art. 15): 行政依据 / 工作参考 / 数据校核 / 业务协同. */
export const PURPOSES = ['administrative_basis', 'work_reference', 'data_verification', 'business_collaboration'] as const;
export type Purpose = (typeof PURPOSES)[number];

export const REQUEST_STATES = [
  'pending',
  'approved',
  'rejected',
  'withdrawn',
  'escalated',
  'refused',
  'revoked',
  'expired',
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_ACTIONS = [
  'approve',
  'reject',
  'withdraw',
  'escalate',
  'decide_approve',
  'decide_refuse',
  'revoke',
  'expire',
  'close',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/** Who acts on a request: its consumer, the resource's provider, an operator of the sharing authority, or the clock. */
export type RequestRole = 'consumer' | 'provider' | 'operator' | 'system';

/**
 * Art. 14 as a state machine. 有条件: the provider approves (possibly narrower) or rejects with
 * reasons. 不予共享 or rejected: the consumer may escalate; the agencies negotiate (the provider may
 * still approve) and an operator records the coordinated decision. An approval ends by revocation
 * (provider, operator, or the consumer giving it up) or expiry. Retiring the entry closes what is
 * still open (the operator retiring it acts). A pending request past its deadline may be escalated
 * (the service checks the deadline). Anything not listed is illegal.
 */
const TRANSITIONS: Record<RequestState, Partial<Record<RequestAction, { to: RequestState; by: readonly RequestRole[] }>>> = {
  pending: {
    approve: { to: 'approved', by: ['provider'] },
    reject: { to: 'rejected', by: ['provider'] },
    withdraw: { to: 'withdrawn', by: ['consumer'] },
    escalate: { to: 'escalated', by: ['consumer'] },
    close: { to: 'refused', by: ['operator'] },
  },
  rejected: { escalate: { to: 'escalated', by: ['consumer'] }, close: { to: 'refused', by: ['operator'] } },
  escalated: {
    approve: { to: 'approved', by: ['provider'] },
    decide_approve: { to: 'approved', by: ['operator'] },
    decide_refuse: { to: 'refused', by: ['operator'] },
    withdraw: { to: 'withdrawn', by: ['consumer'] },
    close: { to: 'refused', by: ['operator'] },
  },
  approved: {
    revoke: { to: 'revoked', by: ['provider', 'operator', 'consumer'] },
    expire: { to: 'expired', by: ['system'] },
  },
  withdrawn: {},
  refused: {},
  revoked: {},
  expired: {},
};

export type TransitionCheck =
  { readonly ok: true; readonly to: RequestState } | { readonly ok: false; readonly why: 'illegal' | 'not_your_role' };

export function transition(from: RequestState, action: RequestAction, roles: ReadonlySet<RequestRole>): TransitionCheck {
  const rule = TRANSITIONS[from][action];
  if (!rule) return { ok: false, why: 'illegal' };
  if (!rule.by.some((role) => roles.has(role))) return { ok: false, why: 'not_your_role' };
  return { ok: true, to: rule.to };
}

/** States from which `action` is possible at all (for error messages). */
export function statesAllowing(action: RequestAction): RequestState[] {
  return REQUEST_STATES.filter((state) => TRANSITIONS[state][action] !== undefined);
}

/** What the consumer asked for. */
export interface Application {
  readonly purpose: Purpose;
  /** The legal or business basis (法律法规依据 / 业务依据). */
  readonly basis: string;
  readonly items: readonly string[];
  readonly rowScope: RowScope | null;
  readonly validFrom: string;
  readonly validTo: string;
  readonly note: string | null;
}

/** The provider's or the coordinator's answer. */
export interface Decision {
  readonly outcome: 'approved' | 'rejected' | 'refused';
  readonly items: readonly string[] | null;
  readonly rowScope: RowScope | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
  readonly quota: Quota | null;
  readonly reason: string | null;
  readonly decidedBy: string;
  readonly decidedAt: string;
  /** Recorded by an operator after coordination (协调). */
  readonly coordinated: boolean;
}

export interface AccessRequest {
  readonly id: string;
  readonly resourceCode: string;
  readonly consumerCode: string;
  readonly providerCode: string;
  readonly state: RequestState;
  readonly application: Application;
  readonly decision: Decision | null;
  readonly grantId: string | null;
  readonly deadlineAt: Date | null;
  readonly version: number;
  readonly submittedAt: Date;
  readonly updatedAt: Date;
}

export interface RequestTransition {
  readonly seq: number;
  readonly from: RequestState | null;
  readonly to: RequestState;
  readonly action: string;
  readonly actor: string;
  readonly reason: string | null;
  readonly at: Date;
}

/** The decision that closes a request without a grant: a rejection, or a refusal (coordinated or on retirement). */
export function refusal(outcome: 'rejected' | 'refused', by: string, reason: string, coordinated: boolean): Decision {
  return {
    outcome,
    items: null,
    rowScope: null,
    validFrom: null,
    validTo: null,
    quota: null,
    reason,
    decidedBy: by,
    decidedAt: new Date().toISOString(),
    coordinated,
  };
}

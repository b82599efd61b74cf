import { RequestContext } from './request-context';

/**
 * What a handler knows that the audit entry should say: which records and subjects it touched,
 * under which grant and purpose, what changed. Subjects are kept in clear only in this request's
 * memory; the audit log stores their keyed hashes. Defined here so that every library can report
 * without depending on the audit library.
 */
export interface AuditDetails {
  resource?: string;
  purpose?: string;
  grantId?: string;
  subjects?: Array<{ kind: 'citizen' | 'organization' | 'record' | 'agency'; value: string }>;
  items?: string[];
  recordCount?: number;
  before?: unknown;
  after?: unknown;
  /** Who a request claimed to be when there is no verified caller (the token endpoint). */
  claimedPrincipal?: string;
}

const AUDIT_DETAILS = Symbol('hutong.audit-details');

const subjectKey = (subject: { kind: string; value: string }): string => `${subject.kind}\u0000${subject.value}`;

export const AuditTrail = {
  /** Merges into this request's details; subjects and items accumulate, each once. */
  record(details: AuditDetails): void {
    const current = RequestContext.get<AuditDetails>(AUDIT_DETAILS) ?? {};
    const subjects = [...(current.subjects ?? [])];
    const known = new Set(subjects.map(subjectKey));
    for (const subject of details.subjects ?? []) {
      if (!known.has(subjectKey(subject))) subjects.push(subject);
      known.add(subjectKey(subject));
    }
    RequestContext.set(AUDIT_DETAILS, {
      ...current,
      ...details,
      subjects,
      items: [...new Set([...(current.items ?? []), ...(details.items ?? [])])],
    });
  },

  current(): AuditDetails | undefined {
    return RequestContext.get<AuditDetails>(AUDIT_DETAILS);
  },
};

import type { AccessRequest, Application, Decision, RequestState, RequestTransition } from './access-request';

export interface AccessRequestView {
  readonly id: string;
  readonly resource: string;
  readonly consumer: string;
  readonly provider: string;
  readonly state: RequestState;
  readonly application: Application;
  readonly decision: Decision | null;
  readonly grantId: string | null;
  /** When the provider's answer is due (working days, China Standard Time); null once answered. */
  readonly deadlineAt: string | null;
  readonly overdue: boolean;
  readonly etag: number;
  readonly submittedAt: string;
  readonly updatedAt: string;
  readonly history?: ReadonlyArray<{
    readonly from: RequestState | null;
    readonly to: RequestState;
    readonly action: string;
    readonly actor: string;
    readonly reason: string | null;
    readonly at: string;
  }>;
}

export function toRequestView(
  request: AccessRequest,
  history?: readonly RequestTransition[],
  now = new Date(),
): AccessRequestView {
  const open = request.state === 'pending' || request.state === 'escalated';
  return {
    id: request.id,
    resource: request.resourceCode,
    consumer: request.consumerCode,
    provider: request.providerCode,
    state: request.state,
    application: request.application,
    decision: request.decision,
    grantId: request.grantId,
    deadlineAt: open ? (request.deadlineAt?.toISOString() ?? null) : null,
    overdue: open && request.deadlineAt !== null && request.deadlineAt < now,
    etag: request.version,
    submittedAt: request.submittedAt.toISOString(),
    updatedAt: request.updatedAt.toISOString(),
    ...(history
      ? {
          history: history.map((h) => ({
            from: h.from,
            to: h.to,
            action: h.action,
            actor: h.actor,
            reason: h.reason,
            at: h.at.toISOString(),
          })),
        }
      : {}),
  };
}

import { describe, expect, it } from 'vitest';
import {
  REQUEST_ACTIONS,
  REQUEST_STATES,
  transition,
  type RequestAction,
  type RequestRole,
  type RequestState,
} from './access-request';

const ROLES: RequestRole[] = ['consumer', 'provider', 'operator', 'system'];

/** The whole legal table, written out independently of the implementation's table. */
const LEGAL: Array<[RequestState, RequestAction, RequestRole, RequestState]> = [
  ['pending', 'approve', 'provider', 'approved'],
  ['pending', 'reject', 'provider', 'rejected'],
  ['pending', 'withdraw', 'consumer', 'withdrawn'],
  ['pending', 'escalate', 'consumer', 'escalated'],
  ['pending', 'close', 'operator', 'refused'],
  ['rejected', 'escalate', 'consumer', 'escalated'],
  ['rejected', 'close', 'operator', 'refused'],
  ['escalated', 'approve', 'provider', 'approved'],
  ['escalated', 'decide_approve', 'operator', 'approved'],
  ['escalated', 'decide_refuse', 'operator', 'refused'],
  ['escalated', 'withdraw', 'consumer', 'withdrawn'],
  ['escalated', 'close', 'operator', 'refused'],
  ['approved', 'revoke', 'provider', 'revoked'],
  ['approved', 'revoke', 'operator', 'revoked'],
  ['approved', 'revoke', 'consumer', 'revoked'],
  ['approved', 'expire', 'system', 'expired'],
];

describe('access request state machine', () => {
  it.each(LEGAL)('%s --%s by %s--> %s', (from, action, role, to) => {
    expect(transition(from, action, new Set([role]))).toEqual({ ok: true, to });
  });

  it('refuses every other state × action × role combination', () => {
    let refused = 0;
    for (const from of REQUEST_STATES) {
      for (const action of REQUEST_ACTIONS) {
        for (const role of ROLES) {
          if (LEGAL.some(([f, a, r]) => f === from && a === action && r === role)) continue;
          expect(transition(from, action, new Set([role])).ok, `${from} ${action} by ${role}`).toBe(false);
          refused += 1;
        }
      }
    }
    expect(refused).toBe(REQUEST_STATES.length * REQUEST_ACTIONS.length * ROLES.length - LEGAL.length);
  });

  it('tells a wrong role from an impossible move', () => {
    expect(transition('pending', 'approve', new Set(['consumer']))).toEqual({ ok: false, why: 'not_your_role' });
    expect(transition('approved', 'approve', new Set(['provider']))).toEqual({ ok: false, why: 'illegal' });
  });

  it('leaves no way out of a final state', () => {
    for (const final of ['withdrawn', 'refused', 'revoked', 'expired'] as const) {
      for (const action of REQUEST_ACTIONS) expect(transition(final, action, new Set(ROLES)).ok).toBe(false);
    }
  });
});

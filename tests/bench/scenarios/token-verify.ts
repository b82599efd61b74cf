import { startGateway } from '../gateway-process';
import { measure } from '../measure';
import type { Scenario } from '../scenario';
import { benchOperatorToken } from './bench-operator';

const ROUTE = '/me/check';

/**
 * The cost of the access guard: an authenticated route that does no work of its own (GET /me/check
 * answers 204 once the guard has passed), called with one real access token. Unlike the baseline
 * route it is access-logged and audited, as every authenticated call is. The same route is then
 * measured on a second gateway with AUDIT_RECORDING=off, so the cost of auditing is reported from
 * the same run. Targets: ≥ 80 % of the baseline's throughput; auditing costs ≤ 25 %.
 */
export const tokenVerify: Scenario = {
  name: 'token-verify',
  description:
    'GET /me/check with a bearer token (guard, access log, audit entry) against GET /health/live; then with audit recording off',
  async prepare({ gateway }) {
    const token = await benchOperatorToken(gateway);
    return { label: 'GET /me/check (authenticated, audited)', path: ROUTE, headers: { authorization: `Bearer ${token}` } };
  },
  async report({ options }, audited) {
    const unaudited = await startGateway({ AUDIT_RECORDING: 'off' });
    try {
      const token = await benchOperatorToken(unaudited);
      const off = await measure(
        {
          label: 'GET /me/check (authenticated, AUDIT_RECORDING=off)',
          path: ROUTE,
          headers: { authorization: `Bearer ${token}` },
        },
        { ...options, url: unaudited.url },
      );
      return {
        auditOff: off,
        auditCostOfThroughput:
          off.requestsPerSecond > 0 ? Math.round((1 - audited.requestsPerSecond / off.requestsPerSecond) * 1000) / 1000 : null,
      };
    } finally {
      await unaudited.stop();
    }
  },
};

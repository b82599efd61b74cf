import type { Scenario } from '../scenario';

/**
 * The floor every other scenario is measured against: the gateway's full HTTP pipeline (request
 * id, context, access log, metrics, filter) with no work behind it, next to the readiness probe,
 * which adds one database round trip.
 */
export const baseline: Scenario = {
  name: 'baseline',
  description: 'GET /health/ready (one database round trip) against GET /health/live (no work)',
  prepare: () => Promise.resolve({ label: 'GET /health/ready', path: '/health/ready' }),
};

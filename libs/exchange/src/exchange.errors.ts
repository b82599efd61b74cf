import { Problem, registerProblemTypes } from '@hutong/platform';

export type ExchangeErrorCode =
  'subscription_not_found' | 'not_entitled' | 'kafka_not_configured' | 'bad_cursor' | 'wrong_delivery';

export const EXCHANGE_PROBLEMS = {
  'subscription-not-found': { title: 'Subscription not found', status: 404 },
  'not-entitled': {
    title: 'No grant for this resource',
    status: 403,
    description:
      'Subscriptions deliver what a grant allows: request access to the resource first (POST /catalog/resources/{code}/access-requests).',
  },
  'kafka-not-configured': {
    title: 'Kafka delivery unavailable',
    status: 409,
    description: 'This deployment runs without Kafka: subscribe with delivery "feed".',
  },
  'bad-cursor': { title: 'Unknown cursor', status: 400 },
  'wrong-delivery': { title: 'Not a feed subscription', status: 409 },
} as const;
registerProblemTypes(EXCHANGE_PROBLEMS);

export class ExchangeError extends Problem {
  constructor(
    readonly code: ExchangeErrorCode,
    detail: string,
  ) {
    const slug = code.replace(/_/g, '-') as keyof typeof EXCHANGE_PROBLEMS;
    super({ slug, ...EXCHANGE_PROBLEMS[slug], detail, code });
  }
}

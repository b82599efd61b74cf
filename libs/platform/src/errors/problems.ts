import { Problem, type FieldViolation } from './problem';

/**
 * The platform's own problem types. Each is documented at GET /problems/{slug}; the catalogue
 * below is the single source for that page and for the filter.
 */
export const PLATFORM_PROBLEMS = {
  'bad-request': { title: 'Bad request', status: 400 },
  'validation-error': { title: 'Invalid input', status: 400 },
  'malformed-body': { title: 'Malformed request body', status: 400 },
  unauthorized: { title: 'Unauthorized', status: 401 },
  forbidden: { title: 'Forbidden', status: 403 },
  'not-found': { title: 'Not found', status: 404 },
  'method-not-allowed': { title: 'Method not allowed', status: 405 },
  'payload-too-large': { title: 'Payload too large', status: 413 },
  'unsupported-media-type': { title: 'Unsupported media type', status: 415 },
  'not-acceptable': { title: 'Not acceptable', status: 406 },
  conflict: { title: 'Conflict', status: 409 },
  'precondition-failed': { title: 'Precondition failed', status: 412 },
  'precondition-required': { title: 'Precondition required', status: 428 },
  'too-many-requests': { title: 'Too many requests', status: 429 },
  'service-unavailable': { title: 'Service unavailable', status: 503 },
  'internal-error': { title: 'Internal server error', status: 500 },
} as const satisfies Record<string, { title: string; status: number }>;

export type PlatformProblemSlug = keyof typeof PLATFORM_PROBLEMS;

export function platformProblem(
  slug: PlatformProblemSlug,
  detail: string,
  more: { errors?: readonly FieldViolation[]; code?: string; headers?: Record<string, string> } = {},
): Problem {
  const { title, status } = PLATFORM_PROBLEMS[slug];
  return new Problem({ slug, title, status, detail, ...more });
}

export function validationProblem(errors: readonly FieldViolation[], detail?: string): Problem {
  const summary =
    detail ??
    `${errors.length} input ${errors.length === 1 ? 'value is' : 'values are'} invalid: ${errors
      .slice(0, 3)
      .map((e) => e.field)
      .join(', ')}${errors.length > 3 ? ', …' : ''}`;
  return platformProblem('validation-error', summary, { errors });
}

export function notFound(detail: string): Problem {
  return platformProblem('not-found', detail);
}

import { Problem, registerProblemTypes, type FieldViolation } from '@hutong/platform';

/**
 * The failures SDMX 2.1 REST defines (section "Error handling": HTTP status + SDMX error code),
 * as RFC 9457 problems carrying the SDMX code in `sdmxCode` so SDMX-aware clients can branch on it.
 */
export const SDMX_PROBLEMS = {
  'sdmx-no-results': {
    title: 'No results found',
    status: 404,
    description: 'SDMX error 100: the query is valid but matches no data or structure (an unknown dataflow, or no observations).',
  },
  'sdmx-syntax-error': {
    title: 'Syntax error',
    status: 400,
    description: 'SDMX error 140: the query does not follow the SDMX 2.1 REST syntax; `errors` names the part and why.',
  },
  'sdmx-semantic-error': {
    title: 'Semantic error',
    status: 400,
    description: 'SDMX error 150: the query is well formed but contradicts itself (startPeriod after endPeriod).',
  },
  'sdmx-not-implemented': {
    title: 'Not implemented',
    status: 501,
    description: 'SDMX error 501: the query uses a part of SDMX 2.1 REST that Hutong does not serve (e.g. includeHistory=true).',
  },
  'sdmx-response-too-large': {
    title: 'Response size exceeds service limit',
    status: 413,
    description: 'SDMX error 510: narrow the key or the period, or use firstNObservations / lastNObservations.',
  },
} as const;
registerProblemTypes(SDMX_PROBLEMS);

type SdmxSlug = keyof typeof SDMX_PROBLEMS;
const SDMX_CODES: Readonly<Record<SdmxSlug, number>> = {
  'sdmx-no-results': 100,
  'sdmx-syntax-error': 140,
  'sdmx-semantic-error': 150,
  'sdmx-not-implemented': 501,
  'sdmx-response-too-large': 510,
};

export function sdmxProblem(slug: SdmxSlug, detail: string, errors?: readonly FieldViolation[]): Problem {
  return new Problem({
    slug,
    ...SDMX_PROBLEMS[slug],
    detail,
    extensions: { sdmxCode: SDMX_CODES[slug] },
    ...(errors ? { errors } : {}),
  });
}

export function syntaxError(field: string, rule: string, message: string): Problem {
  return sdmxProblem('sdmx-syntax-error', `${field}: ${message}`, [{ field, rule, message }]);
}

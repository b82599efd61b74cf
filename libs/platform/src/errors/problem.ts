/**
 * RFC 9457 problem details. `type` is a relative URI reference under /problems/ — stable across
 * deployments, and resolvable against the gateway that answered (GET /problems/{slug} describes it).
 */
export interface FieldViolation {
  /** Dotted path of the offending input, e.g. `items[2].code`, or a query/header name. */
  readonly field: string;
  /** Machine-readable rule that failed, e.g. `isInt`, `whitelist`, `bad_check_digit`. */
  readonly rule: string;
  readonly message: string;
}

export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance?: string;
  readonly requestId?: string;
  /** A reason code callers can branch on (`expired`, `no_grant`, …). */
  readonly code?: string;
  readonly errors?: readonly FieldViolation[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface ProblemInit {
  readonly status: number;
  readonly slug: string;
  readonly title: string;
  readonly detail: string;
  readonly code?: string;
  readonly errors?: readonly FieldViolation[];
  /** Extra members (RFC 9457 §3.2 extensions). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Response headers the problem needs, e.g. WWW-Authenticate or Retry-After. */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Only for protocols that fix their own error media type (RFC 6749 §5.2 requires
   * application/json from the token endpoint); the body keeps the problem members either way.
   */
  readonly contentType?: string;
}

/**
 * The one exception type every Hutong library throws for an expected failure. Libraries build
 * their own typed errors on top of it (a code enum mapped exhaustively to a ProblemInit); the
 * global filter only needs to know this class.
 */
export class Problem extends Error {
  override readonly name = 'Problem';

  constructor(readonly init: ProblemInit) {
    super(init.detail);
  }

  get status(): number {
    return this.init.status;
  }

  toDetails(instance: string | undefined, requestId: string | undefined): ProblemDetails {
    const { slug, title, status, detail, code, errors, extensions } = this.init;
    return {
      ...extensions,
      type: problemType(slug),
      title,
      status,
      detail,
      ...(instance === undefined ? {} : { instance }),
      ...(requestId === undefined ? {} : { requestId }),
      ...(code === undefined ? {} : { code }),
      ...(errors === undefined ? {} : { errors }),
    };
  }
}

export function problemType(slug: string): string {
  return slug === 'about:blank' ? slug : `/problems/${slug}`;
}

import { Problem, registerProblemTypes, type FieldViolation } from '@hutong/platform';

/**
 * Every expected failure of the identity library, by code. `toProblemInit` maps each to exactly
 * one problem type; the switch is exhaustive, so a new code cannot be added without its response.
 */
export type IdentityErrorCode =
  | 'principal_not_found'
  | 'principal_exists'
  | 'wrong_principal_kind'
  | 'invalid_parent'
  | 'invalid_successor'
  | 'invalid_status_transition'
  | 'version_mismatch'
  | 'key_rejected'
  | 'key_not_found'
  | 'key_exists'
  | 'key_registered_elsewhere';

export const IDENTITY_PROBLEMS = {
  'principal-not-found': { title: 'Principal not found', status: 404 },
  'principal-exists': { title: 'Principal already exists', status: 409 },
  'invalid-agency': { title: 'Invalid agency change', status: 422 },
  'status-transition': { title: 'Status change not allowed', status: 409 },
  'key-rejected': {
    title: 'Key refused',
    status: 400,
    description:
      'The JWK is not an acceptable public key: only ES256 (P-256), EdDSA (Ed25519) or PS256 (RSA ≥ 2048 bits) public keys are registered; private or symmetric key material is refused.',
  },
  'key-not-found': { title: 'Key not found', status: 404 },
  'key-conflict': { title: 'Key already registered', status: 409 },
} as const;
registerProblemTypes(IDENTITY_PROBLEMS);

export class IdentityError extends Problem {
  constructor(
    readonly code: IdentityErrorCode,
    detail: string,
    more: { reason?: string; errors?: readonly FieldViolation[]; headers?: Record<string, string> } = {},
  ) {
    const type = problemFor(code);
    super({
      ...type,
      detail,
      code: more.reason ?? code,
      ...(more.errors ? { errors: more.errors } : {}),
      ...(more.headers ? { headers: more.headers } : {}),
    });
  }
}

function problemFor(code: IdentityErrorCode): { slug: string; title: string; status: number } {
  const of = (slug: keyof typeof IDENTITY_PROBLEMS) => ({ slug, ...IDENTITY_PROBLEMS[slug] });
  switch (code) {
    case 'principal_not_found':
    case 'wrong_principal_kind':
      return of('principal-not-found');
    case 'principal_exists':
      return of('principal-exists');
    case 'invalid_parent':
    case 'invalid_successor':
      return of('invalid-agency');
    case 'invalid_status_transition':
      return of('status-transition');
    case 'version_mismatch':
      return { slug: 'precondition-failed', title: 'Precondition failed', status: 412 };
    case 'key_rejected':
      return of('key-rejected');
    case 'key_not_found':
      return of('key-not-found');
    case 'key_exists':
    case 'key_registered_elsewhere':
      return of('key-conflict');
  }
}

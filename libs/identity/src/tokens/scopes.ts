import type { AgencyRole } from '../agencies/agency';
import type { PrincipalKind } from '../principals/principal';

/**
 * Every OAuth scope Hutong issues, with what it opens. Roles are separate (ARCHITECTURE §4):
 * operators get `admin` only (no registry data, no audit log), reviewers `audit` only, and agencies
 * the data scopes their roles allow.
 */
export const SCOPES = {
  catalog: 'Read the resource catalog, publish entries and request access',
  'data.read': 'Read registry data and datasets the agency is granted (consumer agencies)',
  'data.write': 'Write data the agency provides (provider agencies)',
  exchange: 'Receive change events through Kafka or the HTTP feed',
  admin: 'Manage agencies, operators, reviewers, keys and catalog entries (operators)',
  audit: 'Query and verify the access log (security reviewers)',
  keys: 'Register and revoke your own keys under /me/keys; granted only when requested by name',
} as const;
export type Scope = keyof typeof SCOPES;

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}

/**
 * Scopes only granted when the token request names them: a token for everyday calls cannot add a
 * key, so a leaked token cannot be turned into lasting access.
 */
export const EXPLICIT_ONLY_SCOPES: readonly Scope[] = ['keys'];

export function allowedScopes(kind: PrincipalKind, roles: readonly AgencyRole[]): Scope[] {
  switch (kind) {
    case 'operator':
      return ['admin', 'keys'];
    case 'reviewer':
      return ['audit', 'keys'];
    case 'agency':
      return [
        'keys',
        'catalog',
        'exchange',
        ...(roles.includes('consumer') ? (['data.read'] as const) : []),
        ...(roles.includes('provider') ? (['data.write'] as const) : []),
      ];
  }
}

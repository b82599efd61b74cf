import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension } from '@nestjs/swagger';

/**
 * Every route declares who may call it (ARCHITECTURE §4: deny by default). The declaration lives
 * in the platform so that any library can state it; the identity library's global guard enforces
 * it, and a route with no declaration is refused for everyone. The same declaration documents the
 * route in the OpenAPI contract (bearer security plus `x-hutong-access`).
 */
export type PrincipalKind = 'agency' | 'operator' | 'reviewer';

/**
 * `scopes` is either what every allowed kind needs, or what each kind needs (a catalog route that
 * agencies reach with `catalog` and operators with `admin`).
 */
export type ScopeRequirement = readonly string[] | Readonly<Partial<Record<PrincipalKind, readonly string[]>>>;

export type AccessRule =
  | { readonly public: true }
  | { readonly public?: false; readonly kinds: readonly PrincipalKind[]; readonly scopes?: ScopeRequirement };

/** The scopes a caller of this kind needs under the rule. */
export function requiredScopes(scopes: ScopeRequirement | undefined, kind: PrincipalKind): readonly string[] {
  if (scopes === undefined) return [];
  if (isScopeList(scopes)) return scopes;
  return scopes[kind] ?? [];
}

function isScopeList(scopes: ScopeRequirement): scopes is readonly string[] {
  return Array.isArray(scopes);
}

export const ACCESS_METADATA = 'hutong:access';

export const Access = (rule: AccessRule): MethodDecorator & ClassDecorator =>
  rule.public === true
    ? applyDecorators(SetMetadata(ACCESS_METADATA, rule), ApiExtension('x-hutong-access', { public: true }))
    : applyDecorators(
        SetMetadata(ACCESS_METADATA, rule),
        ApiBearerAuth('bearer'),
        ApiExtension('x-hutong-access', { kinds: [...rule.kinds], scopes: rule.scopes ?? [] }),
      );

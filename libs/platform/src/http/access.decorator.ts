import { SetMetadata } from '@nestjs/common';

/**
 * Every route declares who may call it (ARCHITECTURE §4: deny by default). The declaration lives
 * in the platform so that any library can state it; the identity library's global guard enforces
 * it, and a route with no declaration is refused for everyone.
 */
export type PrincipalKind = 'agency' | 'operator' | 'reviewer';

export type AccessRule =
  | { readonly public: true }
  | { readonly public?: false; readonly kinds: readonly PrincipalKind[]; readonly scopes?: readonly string[] };

export const ACCESS_METADATA = 'hutong:access';

export const Access = (rule: AccessRule): MethodDecorator & ClassDecorator => SetMetadata(ACCESS_METADATA, rule);

import type { AccessRule } from '@hutong/platform';

/** Catalog routes agencies reach with their `catalog` scope and operators with `admin`. */
export const AGENCIES_AND_OPERATORS: AccessRule = {
  kinds: ['agency', 'operator'],
  scopes: { agency: ['catalog'], operator: ['admin'] },
};
export const AGENCIES: AccessRule = { kinds: ['agency'], scopes: ['catalog'] };
export const OPERATORS: AccessRule = { kinds: ['operator'], scopes: ['admin'] };

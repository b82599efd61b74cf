import { Problem, registerProblemTypes, type FieldViolation } from '@hutong/platform';

/**
 * Every expected failure of the catalog library, by code; `problemFor` maps each to one problem
 * type and the switch is exhaustive, so a new code cannot be added without its response.
 */
export type CatalogErrorCode =
  | 'resource_not_found'
  | 'unknown_item'
  | 'item_not_shareable'
  | 'not_provider'
  | 'not_consumer'
  | 'lifecycle_transition'
  | 'version_mismatch'
  | 'resource_not_published'
  | 'not_shareable'
  | 'request_not_found'
  | 'not_decider'
  | 'request_transition'
  | 'narrowing_only'
  | 'grant_not_found';

export const CATALOG_PROBLEMS = {
  'resource-not-found': { title: 'Catalog resource not found', status: 404 },
  'unknown-item': {
    title: 'Unknown 信息项',
    status: 400,
    description: 'The request names an item (信息项) the catalog entry does not have; `errors` lists each one.',
  },
  'item-not-shareable': {
    title: 'Item not shareable',
    status: 400,
    description: 'The request names an item that is 不予共享 in the catalog entry; it cannot be requested.',
  },
  'not-provider': { title: 'Not the provider of this resource', status: 403 },
  'not-consumer': { title: 'Not a consumer agency', status: 403 },
  'lifecycle-transition': { title: 'Catalog entry change not allowed in its current state', status: 409 },
  'resource-not-published': { title: 'Catalog resource not open for requests', status: 409 },
  'not-shareable': {
    title: 'Resource is 不予共享',
    status: 403,
    description:
      'The provider classified the resource as not shareable (不予共享), citing a legal basis. If your duties require it, ask for coordination: send the same request with "escalate": true and an operator of the sharing authority will coordinate (国发〔2016〕51号 Art. 14).',
  },
  'request-not-found': { title: 'Access request not found', status: 404 },
  'not-decider': { title: 'Not yours to decide', status: 403 },
  'request-transition': { title: 'Access request change not allowed in its current state', status: 409 },
  'narrowing-only': {
    title: 'Approval wider than the request',
    status: 400,
    description: 'An approval may narrow a request (fewer items, smaller row scope, shorter period, a quota) but never widen it.',
  },
  'grant-not-found': { title: 'Grant not found', status: 404 },
} as const;
registerProblemTypes(CATALOG_PROBLEMS);

export class CatalogError extends Problem {
  constructor(
    readonly code: CatalogErrorCode,
    detail: string,
    more: { errors?: readonly FieldViolation[]; extensions?: Record<string, unknown> } = {},
  ) {
    super({
      ...problemFor(code),
      detail,
      code,
      ...(more.errors ? { errors: more.errors } : {}),
      ...(more.extensions ? { extensions: more.extensions } : {}),
    });
  }
}

function problemFor(code: CatalogErrorCode): { slug: string; title: string; status: number } {
  const of = (slug: keyof typeof CATALOG_PROBLEMS) => ({ slug, ...CATALOG_PROBLEMS[slug] });
  switch (code) {
    case 'resource_not_found':
      return of('resource-not-found');
    case 'unknown_item':
      return of('unknown-item');
    case 'item_not_shareable':
      return of('item-not-shareable');
    case 'not_provider':
      return of('not-provider');
    case 'not_consumer':
      return of('not-consumer');
    case 'lifecycle_transition':
      return of('lifecycle-transition');
    case 'version_mismatch':
      return { slug: 'precondition-failed', title: 'Precondition failed', status: 412 };
    case 'resource_not_published':
      return of('resource-not-published');
    case 'not_shareable':
      return of('not-shareable');
    case 'request_not_found':
      return of('request-not-found');
    case 'not_decider':
      return of('not-decider');
    case 'request_transition':
      return of('request-transition');
    case 'narrowing_only':
      return of('narrowing-only');
    case 'grant_not_found':
      return of('grant-not-found');
  }
}

export function unknownItems(codes: readonly string[], field: string, resourceCode: string): CatalogError {
  return new CatalogError(
    'unknown_item',
    `The catalog entry ${resourceCode} has no item ${codes.map((c) => `"${c}"`).join(', ')}.`,
    { errors: codes.map((code) => ({ field, rule: 'unknown_item', message: `no item "${code}" in ${resourceCode}` })) },
  );
}

import { Problem, registerProblemTypes, type FieldViolation } from '@hutong/platform';

/** Every expected failure of the registries library, by code; the switch in `problemFor` is exhaustive. */
export type RegistryErrorCode =
  | 'registry_not_installed'
  | 'record_not_found'
  | 'not_entitled'
  | 'not_authoritative'
  | 'version_mismatch'
  | 'concurrent_change'
  | 'import_not_found'
  | 'not_utf8'
  | 'bad_import_header'
  | 'dispute_not_found'
  | 'dispute_transition'
  | 'already_installed';

export const REGISTRY_PROBLEMS = {
  'registry-not-installed': {
    title: 'Registry not installed',
    status: 404,
    description: 'An operator installs a registry (POST /admin/registries/{registry}) before it can be written or read.',
  },
  'record-not-found': { title: 'Registry record not found', status: 404 },
  'registry-access-denied': {
    title: 'Not granted',
    status: 403,
    description:
      'The catalog entitlement check refused the read; `reason` says why (no_grant, expired, item_not_granted, out_of_scope, quota_exceeded, resource_retired) and `items` lists ungranted items. Request access through the catalog.',
  },
  'not-authoritative': {
    title: 'Not an authoritative source for this data',
    status: 403,
    description: "Only the registry's provider, and for an attribute group its contributors, may write it.",
  },
  'concurrent-change': {
    title: 'Record changed concurrently',
    status: 409,
    description: 'Another write to the same record committed first; read it again and retry.',
  },
  'import-not-found': { title: 'Import not found', status: 404 },
  'not-utf8': {
    title: 'File is not UTF-8',
    status: 415,
    description:
      'Imports are read as UTF-8. A GBK or GB18030 file must be converted first, e.g. `iconv -f GBK -t UTF-8 in.csv > out.csv`.',
  },
  'bad-import-header': { title: 'Unusable CSV header', status: 400 },
  'dispute-not-found': { title: 'Dispute not found', status: 404 },
  'dispute-transition': { title: 'Dispute already resolved', status: 409 },
  'already-installed': { title: 'Registry installed with another provider', status: 409 },
} as const;
registerProblemTypes(REGISTRY_PROBLEMS);

export class RegistryError extends Problem {
  constructor(
    readonly code: RegistryErrorCode,
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

function problemFor(code: RegistryErrorCode): { slug: string; title: string; status: number } {
  const of = (slug: keyof typeof REGISTRY_PROBLEMS) => ({ slug, ...REGISTRY_PROBLEMS[slug] });
  switch (code) {
    case 'registry_not_installed':
      return of('registry-not-installed');
    case 'record_not_found':
      return of('record-not-found');
    case 'not_entitled':
      return of('registry-access-denied');
    case 'not_authoritative':
      return of('not-authoritative');
    case 'version_mismatch':
      return { slug: 'precondition-failed', title: 'Precondition failed', status: 412 };
    case 'concurrent_change':
      return of('concurrent-change');
    case 'import_not_found':
      return of('import-not-found');
    case 'not_utf8':
      return of('not-utf8');
    case 'bad_import_header':
      return of('bad-import-header');
    case 'dispute_not_found':
      return of('dispute-not-found');
    case 'dispute_transition':
      return of('dispute-transition');
    case 'already_installed':
      return of('already-installed');
  }
}

/** A refusal of the entitlement check as a 403 that names the reason and the ungranted items. */
export function notEntitled(decision: { reason: string; detail: string; items?: readonly string[] }): RegistryError {
  return new RegistryError('not_entitled', decision.detail, {
    extensions: { reason: decision.reason, ...(decision.items ? { items: decision.items } : {}) },
  });
}

export function recordNotFound(registry: string): RegistryError {
  return new RegistryError('record_not_found', `No such record in the ${registry} registry that you may see.`);
}

import { Problem, registerProblemTypes, type FieldViolation } from '@hutong/platform';

/** Every expected failure of the datasets library, by code; the switch in `problemFor` is exhaustive. */
export type DatasetErrorCode =
  | 'dataset_not_found'
  | 'record_not_found'
  | 'dataset_exists'
  | 'not_dataset_provider'
  | 'not_definable'
  | 'breaking_change'
  | 'dataset_retired'
  | 'filter_syntax'
  | 'filter_not_indexed'
  | 'index_building';

export const DATASET_PROBLEMS = {
  'dataset-not-found': { title: 'Dataset not found', status: 404 },
  'dataset-record-not-found': {
    title: 'Dataset record not found',
    status: 404,
    description: 'No record with this key that you may see (a record outside your row scope is answered the same).',
  },
  'dataset-exists': {
    title: 'Dataset already registered',
    status: 409,
    description: 'A dataset code names one dataset of an agency; a catalog entry defines at most one dataset major.',
  },
  'not-dataset-provider': {
    title: 'Not the provider of this dataset',
    status: 403,
    description: 'Only the agency that provides the catalog entry (or an operator, for registration) may do this.',
  },
  'dataset-not-definable': {
    title: 'Catalog entry cannot define a dataset',
    status: 422,
    description:
      'A dataset needs a published catalog entry of the agency, shared by API (方式: 接口), with at least one key item of a type that can be a key; `errors` names each problem.',
  },
  'breaking-schema-change': {
    title: 'Breaking change to a dataset schema',
    status: 409,
    description:
      'The new catalog version would break readers or stored records of a dataset major (an item removed or renamed, a type narrowed, a new required item…); `errors` lists each change. Publish the new schema as a new catalog entry and register it as the next major version (POST /agencies/{agency}/datasets/{dataset}/versions); the old major stays readable until its entry is retired.',
  },
  'dataset-retired': {
    title: 'Dataset major retired',
    status: 409,
    description: "The major's catalog entry is retired: it takes no more writes. Write to the newest major.",
  },
  'filter-syntax': {
    title: 'Unreadable filter',
    status: 400,
    description:
      "The filter language: `item op value` joined by `and`; op is eq, lt, le, gt, ge, sw (starts with) or in (…); strings in single quotes ('' for a quote). `errors` points at the position.",
  },
  'filter-not-indexed': {
    title: 'Filter or sort on an item that is not indexed',
    status: 400,
    description:
      'Filters and sorting are served by indexes only, never by scanning a dataset; `indexed` lists the items you may use. The provider can mark more items indexed in a new catalog version.',
  },
  'index-building': {
    title: 'Index still being built',
    status: 503,
    description:
      'The item was marked indexed in a new catalog version and its index is being built; retry after `Retry-After` seconds.',
  },
} as const;
registerProblemTypes(DATASET_PROBLEMS);

export class DatasetError extends Problem {
  constructor(
    readonly code: DatasetErrorCode,
    detail: string,
    more: {
      errors?: readonly FieldViolation[];
      extensions?: Record<string, unknown>;
      headers?: Readonly<Record<string, string>>;
    } = {},
  ) {
    super({
      ...problemFor(code),
      detail,
      code,
      ...(more.errors ? { errors: more.errors } : {}),
      ...(more.extensions ? { extensions: more.extensions } : {}),
      ...(more.headers ? { headers: more.headers } : {}),
    });
  }
}

function problemFor(code: DatasetErrorCode): { slug: string; title: string; status: number } {
  const of = (slug: keyof typeof DATASET_PROBLEMS) => ({ slug, ...DATASET_PROBLEMS[slug] });
  switch (code) {
    case 'dataset_not_found':
      return of('dataset-not-found');
    case 'record_not_found':
      return of('dataset-record-not-found');
    case 'dataset_exists':
      return of('dataset-exists');
    case 'not_dataset_provider':
      return of('not-dataset-provider');
    case 'not_definable':
      return of('dataset-not-definable');
    case 'breaking_change':
      return of('breaking-schema-change');
    case 'dataset_retired':
      return of('dataset-retired');
    case 'filter_syntax':
      return of('filter-syntax');
    case 'filter_not_indexed':
      return of('filter-not-indexed');
    case 'index_building':
      return of('index-building');
  }
}

export function datasetNotFound(agency: string, dataset: string, major?: number): DatasetError {
  const which = major === undefined ? dataset : `${dataset} version ${major}`;
  return new DatasetError('dataset_not_found', `Agency ${agency} has no dataset ${which} you may see.`);
}

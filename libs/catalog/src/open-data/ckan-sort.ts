import type { OpenEntryQuery, OpenEntrySortKey } from './open-entry.repository';
import { CkanError } from './ckan-error';

/** CKAN's sort fields and what they order by here: `id` by the package UUID, `name` by the slug (the code). */
const SORT_FIELDS: Record<string, OpenEntrySortKey> = {
  id: 'uuid',
  name: 'code',
  title_string: 'name',
  metadata_modified: 'modified',
  metadata_created: 'issued',
  score: 'relevance',
};

export const DEFAULT_CKAN_SORT = 'score desc, metadata_modified desc';

/** Reads a Solr sort, e.g. `id asc` or `score desc, metadata_modified desc`. */
export function parseCkanSort(text: string): OpenEntryQuery['sort'] {
  return text.split(',').map((part) => {
    const [field = '', order = '', ...rest] = part.trim().split(/\s+/);
    const key = SORT_FIELDS[field];
    if (key === undefined || (order !== 'asc' && order !== 'desc') || rest.length > 0) {
      throw CkanError.invalid(
        'sort',
        `"${part.trim()}" is not a sort like "metadata_modified desc"; fields: ${Object.keys(SORT_FIELDS).join(', ')}`,
      );
    }
    return { key, order };
  });
}

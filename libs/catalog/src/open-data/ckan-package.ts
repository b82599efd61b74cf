import type { OpenProvider } from './open-entry.repository';
import { classificationCode } from '../resources/resource-rules';
import { FORMAT_LABELS } from './dcat-vocabulary';
import { urlUuid } from './name-uuid';
import type { OpenDataIris } from './open-data-iris';
import { slugOf, type OpenEntry } from './open-entry';

export interface CkanOrganization {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly display_name: string;
  readonly description: string;
  readonly image_url: string;
  readonly type: 'organization';
  readonly is_organization: true;
  readonly state: 'active';
  readonly approval_status: 'approved';
  readonly package_count?: number;
}

export interface CkanResource {
  readonly id: string;
  readonly package_id: string;
  readonly name: string;
  readonly description: string;
  readonly format: string;
  readonly mimetype: string | null;
  readonly url: string;
  readonly position: number;
  readonly created: string;
  readonly last_modified: string;
  readonly metadata_modified: string;
  readonly state: 'active';
  readonly url_type: null;
}

export interface CkanPackage {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly notes: string;
  readonly type: 'dataset';
  readonly state: 'active';
  readonly private: false;
  readonly url: string;
  readonly version: string;
  readonly maintainer: string;
  readonly metadata_created: string;
  readonly metadata_modified: string;
  readonly owner_org: string;
  readonly organization: CkanOrganization;
  readonly num_resources: number;
  readonly num_tags: number;
  readonly resources: readonly CkanResource[];
  readonly tags: ReadonlyArray<{ readonly name: string; readonly display_name: string; readonly state: 'active' }>;
  readonly groups: readonly never[];
  readonly extras: ReadonlyArray<{ readonly key: string; readonly value: string }>;
}

/**
 * CKAN's own timestamp form: UTC without an offset, six fractional digits. ckanext-harvest
 * compares metadata_modified as a string to decide whether to re-import, so it must not vary.
 */
export function ckanTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000`;
}

/** CKAN refuses tags outside [\w -.]{2,100}; a keyword it would refuse is left out rather than failing the import. */
const CKAN_TAG = /^[\p{L}\p{N}_ .-]{2,100}$/u;

export function toCkanOrganization(provider: Pick<OpenProvider, 'code' | 'name'>, packageCount?: number): CkanOrganization {
  return {
    id: provider.code,
    name: provider.code.toLowerCase(),
    title: provider.name,
    display_name: provider.name,
    description: '',
    image_url: '',
    type: 'organization',
    is_organization: true,
    state: 'active',
    approval_status: 'approved',
    ...(packageCount === undefined ? {} : { package_count: packageCount }),
  };
}

export function toCkanPackage(entry: OpenEntry, iris: OpenDataIris): CkanPackage {
  const { metadata } = entry;
  const dataset = iris.dataset(entry.code);
  const resources = ckanResources(entry, dataset);
  const tags = metadata.keywords
    .filter((keyword) => CKAN_TAG.test(keyword))
    .map((name) => ({ name, display_name: name, state: 'active' as const }));
  return {
    id: entry.uuid,
    name: slugOf(entry.code),
    title: metadata.name,
    notes: metadata.summary,
    type: 'dataset',
    state: 'active',
    private: false,
    url: dataset,
    version: String(entry.version),
    maintainer: entry.provider.name,
    metadata_created: ckanTimestamp(entry.issued),
    metadata_modified: ckanTimestamp(entry.modified),
    owner_org: entry.provider.code,
    organization: toCkanOrganization(entry.provider),
    num_resources: resources.length,
    num_tags: tags.length,
    resources,
    tags,
    groups: [],
    extras: extrasOf(entry, dataset),
  };
}

/** 共享方式 as CKAN resources: the API and bulk files (event subscriptions are for government consumers only). */
function ckanResources(entry: OpenEntry, dataset: string): CkanResource[] {
  const { metadata } = entry;
  const common = {
    package_id: entry.uuid,
    url: dataset,
    created: ckanTimestamp(entry.issued),
    last_modified: ckanTimestamp(entry.modified),
    metadata_modified: ckanTimestamp(entry.modified),
    state: 'active' as const,
    url_type: null,
  };
  const resources: Array<Omit<CkanResource, 'position'>> = [];
  if (metadata.sharing.methods.includes('api')) {
    resources.push({
      ...common,
      id: urlUuid(`${dataset}#api`),
      name: `${metadata.name}（接口）`,
      description: '通过互通网关接口按授权读取',
      format: 'JSON',
      mimetype: 'application/json',
    });
  }
  if (metadata.sharing.methods.includes('file')) {
    resources.push({
      ...common,
      id: urlUuid(`${dataset}#file`),
      name: `${metadata.name}（批量文件）`,
      description: '批量文件交换',
      format: FORMAT_LABELS[metadata.format],
      mimetype: null,
    });
  }
  return resources.map((resource, position) => ({ ...resource, position }));
}

/** What has no CKAN field; keys avoid CKAN's core field names, which CKAN refuses as extras. */
function extrasOf(entry: OpenEntry, dataset: string): Array<{ key: string; value: string }> {
  const { metadata } = entry;
  const extras: Record<string, string> = {
    uri: dataset,
    resource_code: entry.code,
    classification_code: classificationCode(metadata.classification),
    sharing_type: metadata.sharing.type,
    update_cycle: metadata.updateCycle,
    security_level: String(metadata.securityLevel),
    resource_format: metadata.format,
    administrative_level: metadata.administrativeLevel,
    issued: entry.issued.toISOString(),
    ...(entry.related.length > 0 ? { related_resources: entry.related.join(',') } : {}),
  };
  return Object.keys(extras)
    .sort()
    .map((key) => ({ key, value: extras[key] ?? '' }));
}

import type { CatalogResource, PublishedVersion, ResourceMetadata, ResourceStatus } from './resource';

/** What GET /catalog/resources/{code} returns; the draft only to the provider and operators. */
export interface ResourceView {
  readonly code: string;
  readonly provider: { readonly code: string; readonly name: string };
  readonly status: ResourceStatus;
  /** Also the ETag: send it back in If-Match when changing the entry. */
  readonly etag: number;
  readonly version: number | null;
  readonly publishedAt: string | null;
  readonly retiredAt: string | null;
  readonly updatedAt: string;
  readonly metadata: ResourceMetadata;
  readonly revision: {
    readonly state: 'draft' | 'submitted';
    readonly metadata: ResourceMetadata;
    readonly updatedAt: string;
    readonly updatedBy: string;
    readonly returnedReason: string | null;
  } | null;
  readonly versions: ReadonlyArray<{ readonly version: number; readonly publishedAt: string; readonly publishedBy: string }>;
}

export interface VersionView {
  readonly code: string;
  readonly version: number;
  readonly publishedAt: string;
  readonly publishedBy: string;
  readonly metadata: ResourceMetadata;
}

export function toResourceView(
  resource: CatalogResource,
  versions: readonly PublishedVersion[],
  showRevision: boolean,
): ResourceView {
  const revision = showRevision ? resource.revision : null;
  const metadata = resource.current?.metadata ?? resource.revision?.metadata;
  if (!metadata) throw new Error(`catalog entry ${resource.code} has neither a version nor a draft`);
  return {
    code: resource.code,
    provider: { code: resource.providerCode, name: resource.providerName },
    status: resource.status,
    etag: resource.etag,
    version: resource.current?.version ?? null,
    publishedAt: resource.current?.publishedAt.toISOString() ?? null,
    retiredAt: resource.retiredAt?.toISOString() ?? null,
    updatedAt: resource.updatedAt.toISOString(),
    metadata,
    revision: revision && { ...revision, updatedAt: revision.updatedAt.toISOString() },
    versions: versions.map((v) => ({ version: v.version, publishedAt: v.publishedAt.toISOString(), publishedBy: v.publishedBy })),
  };
}

export function toVersionView(code: string, version: PublishedVersion): VersionView {
  return {
    code,
    version: version.version,
    publishedAt: version.publishedAt.toISOString(),
    publishedBy: version.publishedBy,
    metadata: version.metadata,
  };
}

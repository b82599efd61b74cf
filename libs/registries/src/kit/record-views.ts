import { projectRecord, type Entitlement } from '@hutong/catalog';
import { itemByCode, type RegistryDefinition } from './registry-definition';
import type { GroupSource, StoredRecord, StoredVersion } from './registry-records.repository';

type Allowed = Extract<Entitlement, { allowed: true }>;

/** A record as a reader sees it: the projected items, provenance of the groups shown, and the dispute flag. */
export interface RecordView {
  readonly key: string;
  readonly version: number;
  readonly record: Record<string, unknown>;
  readonly sources: Record<string, GroupSource>;
  /** A data-quality dispute (疑义) is open on the record. */
  readonly disputed: boolean;
  readonly updatedAt: string;
  /** Why the caller may read it: provider, unconditional items, or a grant. */
  readonly basis: Allowed['basis'];
  readonly grantId: string | null;
  /** Items shown masked. */
  readonly masked: string[];
}

export interface VersionView {
  readonly version: number;
  readonly record: Record<string, unknown>;
  readonly changedGroups: readonly string[];
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly reason: string | null;
  readonly importId: string | null;
}

export function recordView(definition: RegistryDefinition, stored: StoredRecord | StoredVersion, decision: Allowed): RecordView {
  const record = projectRecord(stored.record, decision);
  return {
    key: stored.key,
    version: stored.version,
    record,
    sources: visibleSources(definition, stored.sources, record),
    disputed: 'openDisputes' in stored ? stored.openDisputes > 0 : false,
    updatedAt: ('updatedAt' in stored ? stored.updatedAt : stored.recordedAt).toISOString(),
    basis: decision.basis,
    grantId: decision.grantId,
    masked: Object.keys(decision.masks).filter((item) => Object.hasOwn(record, item)),
  };
}

export function versionView(stored: StoredVersion, decision: Allowed): VersionView {
  return {
    version: stored.version,
    record: projectRecord(stored.record, decision),
    changedGroups: stored.changedGroups,
    recordedAt: stored.recordedAt.toISOString(),
    recordedBy: stored.recordedBy,
    reason: stored.reason,
    importId: stored.importId,
  };
}

/** Provenance only of groups the reader sees an item of: when a hidden group changed is itself information. */
function visibleSources(
  definition: RegistryDefinition,
  sources: Readonly<Record<string, GroupSource>>,
  record: Readonly<Record<string, unknown>>,
): Record<string, GroupSource> {
  const shownGroups = new Set(Object.keys(record).map((code) => itemByCode(definition, code)?.group));
  return Object.fromEntries(Object.entries(sources).filter(([group]) => shownGroups.has(group)));
}

/**
 * One major version of an agency dataset: a registry of the kit (`ds-<n>`) bound to one catalog
 * entry. A dataset's majors share its agency and code; each has its own entry, records and grants,
 * and stays readable until its entry is retired.
 */
export interface DatasetMajor {
  readonly agency: string;
  readonly code: string;
  readonly major: number;
  readonly registry: string;
  readonly resourceCode: string;
  /** The catalog version the major was registered at; later versions stay compatible with it. */
  readonly sinceVersion: number;
  /** Item code → name of the index built for it; an indexed item missing here is still being built. */
  readonly indexes: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly createdBy: string;
}

/** Dataset codes: lower-case slugs, as in URLs (`social-insurance`). */
export const DATASET_CODE_PATTERN = /^[a-z][a-z0-9-]{1,47}$/;

import type { ResourceMetadata } from '../resources/resource';

/** A published catalog entry open to the public, as both harvester views describe it. */
export interface OpenEntry {
  readonly code: string;
  /** Name-based UUID of the dataset IRI: CKAN's package id. */
  readonly uuid: string;
  readonly provider: { readonly code: string; readonly name: string };
  /** The published version's metadata, never a draft's. */
  readonly metadata: ResourceMetadata;
  readonly version: number;
  /** 发布日期: when version 1 was published. */
  readonly issued: Date;
  /** The last change of the entry's row; harvesters filter and compare on it. */
  readonly modified: Date;
  /** Related entries that are open too; a link to any other would reveal a code the public may not know. */
  readonly related: readonly string[];
}

/** CKAN names must match [a-z0-9_-]{2,100}; resource codes have a "/" between their two segments. */
export function slugOf(code: string): string {
  return code.replace('/', '-');
}

/** The resource code a slug stands for, or undefined when it is not one. */
export function codeOfSlug(slug: string): string | undefined {
  const match = /^([1-3][0-9]{5}[0-9]{0,6})-([0-9]{6})$/.exec(slug);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

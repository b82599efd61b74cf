import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { ChainedRecord } from './audit-record';

/** The `prev` of the first entry: a fixed, documented value rather than an empty string. */
export const GENESIS_HASH = hash('sha256', 'hutong-audit-genesis-v1', 'base64url');

/** RFC 8785 (JCS) text of a record: the bytes the chain hashes and the table keeps. */
export function canonicalText(record: ChainedRecord): string {
  const text = canonicalize(record);
  if (text === undefined) throw new Error('an audit record must be a JSON object');
  return text;
}

export function linkHash(canonical: string): string {
  return hash('sha256', canonical, 'base64url');
}

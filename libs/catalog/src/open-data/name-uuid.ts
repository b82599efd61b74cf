import { createHash } from 'node:crypto';

/** The RFC 9562 URL namespace. */
const URL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/**
 * A name-based UUID (RFC 9562 §5.3, version 3) of a URL: the same on every call and every
 * gateway, and different between gateways because their URLs differ. The repository derives
 * package ids the same way in SQL, so that it can sort and filter on them.
 */
export function urlUuid(url: string): string {
  const digest = createHash('md5').update(URL_NAMESPACE).update(url, 'utf8').digest();
  digest[6] = ((digest[6] ?? 0) & 0x0f) | 0x30;
  digest[8] = ((digest[8] ?? 0) & 0x3f) | 0x80;
  const hex = digest.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

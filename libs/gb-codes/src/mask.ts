/**
 * Masking for display and logs. The kept characters follow what operators need to route a case
 * without seeing the person: the address code (first 6) and the tail (last 4) of a citizen ID; the
 * authority, category and division (first 8) and the tail (last 4) of a credit code. The pattern
 * matches `maskIdentifiers` in @hutong/platform, which masks IDs found inside free text.
 *
 * Masks never validate and never throw; inputs too short to keep both ends are masked completely,
 * so a malformed value cannot leak through the masker either.
 */

const CITIZEN_ID_KEEP_HEAD = 6;
const CITIZEN_ID_KEEP_TAIL = 4;
const CREDIT_CODE_KEEP_HEAD = 8;
const CREDIT_CODE_KEEP_TAIL = 4;
const MASK = '*';

/** `440103********123X` for an 18-character ID (exactly 8 asterisks); any length keeps first 6 and last 4. */
export function maskCitizenId(id: string): string {
  return maskMiddle(id, CITIZEN_ID_KEEP_HEAD, CITIZEN_ID_KEEP_TAIL);
}

/** `91350100******0Y43` for an 18-character credit code (exactly 6 asterisks). */
export function maskCreditCode(code: string): string {
  return maskMiddle(code, CREDIT_CODE_KEEP_HEAD, CREDIT_CODE_KEEP_TAIL);
}

function maskMiddle(value: string, keepHead: number, keepTail: number): string {
  const characters = [...value];
  if (characters.length <= keepHead + keepTail) {
    return MASK.repeat(characters.length);
  }
  const head = characters.slice(0, keepHead).join('');
  const tail = characters.slice(characters.length - keepTail).join('');
  return head + MASK.repeat(characters.length - keepHead - keepTail) + tail;
}

/**
 * Personal identifiers must never reach a log line (ARCHITECTURE §4), yet they do appear in URLs
 * (`/registries/population/persons/{id}`) and in error messages. Any 18-character citizen ID or
 * unified social credit code and any 15-digit legacy citizen ID is masked wherever it occurs.
 * The pattern is deliberately broad: masking a harmless 18-character token costs nothing,
 * leaking an ID number is an incident.
 */
const CITIZEN_ID_18 = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const CITIZEN_ID_15 = /(?<![0-9A-Za-z])(\d{6})\d{6}(\d{3})(?![0-9A-Za-z])/g;
const CREDIT_CODE = /(?<![0-9A-Za-z])([0-9A-HJ-NPQRTUWXY]{2}\d{6})[0-9A-HJ-NPQRTUWXY]{6}([0-9A-HJ-NPQRTUWXY]{4})(?![0-9A-Za-z])/g;

export function maskIdentifiers(text: string): string {
  return text.replace(CITIZEN_ID_18, '$1********$2').replace(CREDIT_CODE, '$1******$2').replace(CITIZEN_ID_15, '$1******$2');
}

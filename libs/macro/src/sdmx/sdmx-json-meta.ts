import type { MessageHeader } from './sdmx-model';

/** The `meta` of SDMX-JSON 1.0 messages; the first language is the one `name` fields are in. */
export function jsonMeta(header: MessageHeader, languages: readonly string[]): object {
  return {
    id: header.id,
    test: false,
    prepared: header.prepared.toISOString(),
    'content-language': languages,
    sender: { id: header.senderId },
  };
}

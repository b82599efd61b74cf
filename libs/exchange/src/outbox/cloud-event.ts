/**
 * The CloudEvents 1.0 envelope of every Hutong event (ARCHITECTURE §5). `id` is assigned once, when
 * the event is appended, and never changes: the relay re-sends the same `id` after a crash, and
 * consumers de-duplicate on it.
 */
export interface CloudEvent<T = unknown> {
  readonly specversion: '1.0';
  readonly id: string;
  /** `/agencies/{provider}/resources/{resourceCode}`. */
  readonly source: string;
  /** `cn.gov.hutong.<resource>.<entity>.<action>.v<major>`. */
  readonly type: string;
  /** The record key the event is about; Kafka message key, so per-subject order holds. */
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly dataschema: string;
  readonly data: T;
}

/** What a writer hands to the event log; the log assigns `id`, `time` and `dataschema`. */
export interface NewEvent<T = unknown> {
  readonly type: string;
  readonly source: string;
  readonly subject: string;
  readonly data: T;
  /** The catalog entry the event belongs to: routes it to the resource's topic and its grants. */
  readonly resourceCode: string | null;
}

const EVENT_TYPE = /^cn\.gov\.hutong\.[a-z0-9-]+(\.[a-z0-9-]+)+\.v[0-9]+$/;

/** `eventType('catalog', 'resource', 'published')` → `cn.gov.hutong.catalog.resource.published.v1`. */
export function eventType(context: string, entity: string, action: string, major = 1): string {
  const type = `cn.gov.hutong.${context}.${entity}.${action}.v${major}`;
  if (!EVENT_TYPE.test(type)) throw new Error(`not a Hutong event type: ${type}`);
  return type;
}

export function isEventType(type: string): boolean {
  return EVENT_TYPE.test(type);
}

/** The CloudEvents `source` of everything that happens to one catalog resource of one provider. */
export function resourceSource(providerCode: string, resourceCode: string): string {
  return `/agencies/${providerCode}/resources/${resourceCode}`;
}

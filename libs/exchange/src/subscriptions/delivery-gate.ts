import type { CloudEvent } from '../outbox/cloud-event';

/**
 * What the exchange asks before it hands an event to an agency. The catalog answers it (its
 * entitlement check, the same one every HTTP read goes through), and provides the implementation
 * under `DELIVERY_GATE`; the exchange library only knows this interface, so neither library
 * imports the other's internals.
 */
export interface DeliveryGate {
  /** May this agency subscribe to the resource: does it hold a live grant on it? Else the reason. */
  maySubscribe(
    consumerCode: string,
    resourceCode: string,
  ): Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: string; readonly detail: string }>;
  /**
   * The event as this agency may receive it — record items cut to its grant, rows outside its scope
   * dropped — or null when it may not receive it at all (no live grant, row out of scope, …).
   */
  project(consumerCode: string, resourceCode: string, event: CloudEvent): Promise<CloudEvent | null>;
}

export const DELIVERY_GATE = Symbol('DELIVERY_GATE');

/**
 * Data events of records carry their values this way, so any resource's events can be projected
 * without knowing the resource: `record` maps 信息项 codes to values, `divisions` are the GB/T 2260
 * codes the row belongs to (what grant row scopes and subscription row filters match).
 */
export interface RecordEventData {
  readonly key: string;
  readonly record: Readonly<Record<string, unknown>> | null;
  readonly divisions?: readonly string[];
  readonly [other: string]: unknown;
}

export function isRecordEventData(data: unknown): data is RecordEventData {
  return typeof data === 'object' && data !== null && 'key' in data && 'record' in data;
}

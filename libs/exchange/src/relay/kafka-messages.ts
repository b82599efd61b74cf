import type { IHeaders, Message } from 'kafkajs';
import type { CloudEvent } from '../outbox/cloud-event';

/**
 * Topic naming (contracts/asyncapi.yaml):
 * - `hutong.catalog` — catalog events (entries, access requests);
 * - `hutong.resource.{classification}-{sequence}` — a resource's own events, e.g. hutong.resource.101001-000001;
 * - `hutong.delivery.{agencyCode}` — what one agency is entitled to, projected through its grants.
 * Agencies read only their delivery topic; the raw resource topics are for Hutong itself.
 */
export const CATALOG_TOPIC = 'hutong.catalog';

export function resourceTopic(resourceCode: string): string {
  return `hutong.resource.${resourceCode.replace('/', '-')}`;
}

export function deliveryTopic(agencyCode: string): string {
  return `hutong.delivery.${agencyCode}`;
}

export function topicOf(event: CloudEvent, resourceCode: string | null): string {
  if (event.type.startsWith('cn.gov.hutong.catalog.') || resourceCode === null) return CATALOG_TOPIC;
  return resourceTopic(resourceCode);
}

/** CloudEvents Kafka protocol binding, binary content mode: attributes in `ce_` headers, data as the value, key = subject. */
export function toKafkaMessage(event: CloudEvent): Message {
  const headers: IHeaders = {
    ce_specversion: event.specversion,
    ce_id: event.id,
    ce_source: event.source,
    ce_type: event.type,
    ce_subject: event.subject,
    ce_time: event.time,
    ce_dataschema: event.dataschema,
    'content-type': event.datacontenttype,
  };
  return { key: event.subject, value: JSON.stringify(event.data), headers };
}

/** The reverse, for consumers and tests: a CloudEvent from a binary-mode Kafka message. */
export function fromKafkaMessage(message: { key: Buffer | null; value: Buffer | null; headers?: IHeaders }): CloudEvent {
  const header = (name: string): string => {
    const value = message.headers?.[name];
    const text = Array.isArray(value) ? value[0]?.toString() : value?.toString();
    if (text === undefined) throw new Error(`Kafka message without ${name}`);
    return text;
  };
  return {
    specversion: '1.0',
    id: header('ce_id'),
    source: header('ce_source'),
    type: header('ce_type'),
    subject: header('ce_subject'),
    time: header('ce_time'),
    datacontenttype: 'application/json',
    dataschema: header('ce_dataschema'),
    data: message.value === null ? null : (JSON.parse(message.value.toString('utf8')) as unknown),
  };
}

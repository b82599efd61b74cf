import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@hutong/platform';
import type { EntityManager } from 'typeorm';
import { isEventType, type CloudEvent, type NewEvent } from './cloud-event';

/**
 * The transactional outbox (ARCHITECTURE §5): `append` inserts events with the caller's entity
 * manager, so they commit or roll back with the write they describe — there is no window in which
 * the data changed and no event exists, or an event exists for a change that never happened.
 * Relaying to Kafka and the HTTP feed read this table; nothing else writes it.
 */
@Injectable()
export class EventLog {
  private readonly schemaBase: string;

  constructor(config: AppConfig) {
    this.schemaBase = `${config.http.publicBaseUrl}/contracts/events/`;
  }

  /** The JSON Schema of an event type's `data`, as published with the gateway's contracts. */
  schemaOf(type: string): string {
    return `${this.schemaBase}${type}.json`;
  }

  async append(manager: EntityManager, events: readonly NewEvent[]): Promise<CloudEvent[]> {
    if (events.length === 0) return [];
    const now = new Date();
    const envelopes = events.map((event): CloudEvent => {
      if (!isEventType(event.type)) throw new Error(`not a Hutong event type: ${event.type}`);
      return {
        specversion: '1.0',
        id: randomUUID(),
        source: event.source,
        type: event.type,
        subject: event.subject,
        time: now.toISOString(),
        datacontenttype: 'application/json',
        dataschema: this.schemaOf(event.type),
        data: event.data,
      };
    });
    const values: unknown[] = [];
    const rows = envelopes.map((envelope, index) => {
      const resourceCode = events[index]?.resourceCode ?? null;
      values.push(
        envelope.id,
        envelope.type,
        envelope.source,
        envelope.subject,
        envelope.time,
        envelope.datacontenttype,
        envelope.dataschema,
        JSON.stringify(envelope.data),
        resourceCode,
      );
      const base = index * 9;
      return `(${Array.from({ length: 9 }, (_, i) => `$${base + i + 1}`).join(', ')})`;
    });
    await manager.query(
      `INSERT INTO event_log (id, type, source, subject, time, datacontenttype, dataschema, data, resource_code)
       VALUES ${rows.join(', ')}`,
      values,
    );
    return envelopes;
  }
}

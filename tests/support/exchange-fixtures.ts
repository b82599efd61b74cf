import { EventLog, resourceSource } from '@hutong/exchange';
import { DataSource } from 'typeorm';
import type { TestGateway } from './test-gateway';

/** A test-only record event type: the exchange moves any resource's record events the same way. */
export const RECORD_CHANGED = 'cn.gov.hutong.exchange-test.record.changed.v1';

export interface RecordChange {
  readonly key: string;
  readonly record: Record<string, unknown> | null;
  readonly divisions?: string[];
  readonly [other: string]: unknown;
}

/** Appends record events the way a registry write does: in one transaction, through the outbox. */
export async function appendRecordEvents(
  gateway: TestGateway,
  providerCode: string,
  resourceCode: string,
  changes: readonly RecordChange[],
): Promise<string[]> {
  const log = gateway.app.get(EventLog);
  return gateway.app.get(DataSource).transaction(async (manager) => {
    const appended = await log.append(
      manager,
      changes.map((change) => ({
        type: RECORD_CHANGED,
        source: resourceSource(providerCode, resourceCode),
        subject: change.key,
        resourceCode,
        data: change,
      })),
    );
    return appended.map((event) => event.id);
  });
}

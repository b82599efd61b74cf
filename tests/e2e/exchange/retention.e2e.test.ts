import { EventLogPartitions, EventRelay, partitionName } from '@hutong/exchange';
import { DataSource } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { useTestGateway } from '../../support/test-gateway';

const gateway = useTestGateway({ env: { EVENT_RETENTION_DAYS: '30' } });
const db = () => gateway().app.get(DataSource);
const DAY = 86_400_000;

async function insertEvent(recordedAt: Date, relayed: boolean): Promise<void> {
  await db().query(
    `INSERT INTO event_log (id, type, source, subject, time, datacontenttype, dataschema, data, recorded_at, relayed_at)
     VALUES (gen_random_uuid(), 'cn.gov.hutong.exchange-test.record.changed.v1', '/agencies/x/resources/y', 's', $1,
             'application/json', 'https://example/schema.json', '{}', $1, $2)`,
    [recordedAt, relayed ? recordedAt : null],
  );
}

const partitions = async (): Promise<string[]> =>
  (
    await db().query<Array<{ name: string }>>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'event_log'::regclass ORDER BY 1`,
    )
  ).map((row) => row.name);

describe('event log retention', () => {
  it('keeps daily partitions ready ahead of time (the gateway ran it at start)', async () => {
    const names = await partitions();
    for (let offset = 0; offset <= 7; offset += 1) {
      expect(names).toContain(partitionName(new Date(Math.floor((Date.now() + offset * DAY) / DAY) * DAY)));
    }
  });

  it('drops whole days past the retention once every event of the day was relayed, and never an unrelayed one', async () => {
    // The relay would relay the "unrelayed" event at once: stop it, as if Kafka had been away since.
    await gateway().app.get(EventRelay).onApplicationShutdown();
    const maintenance = new EventLogPartitions(db());
    const old = new Date(Math.floor((Date.now() - 40 * DAY) / DAY) * DAY + 3_600_000);
    const older = new Date(old.getTime() - DAY);
    // Create the partitions those days had, as maintenance did back then, then fill them.
    await maintenance.maintain(30, older);
    await insertEvent(old, true);
    await insertEvent(older, true);
    await insertEvent(older, false);
    const result = await maintenance.maintain(30);
    expect(result?.dropped).toContain(partitionName(new Date(Math.floor(old.getTime() / DAY) * DAY)));
    expect(result?.dropped).not.toContain(partitionName(new Date(Math.floor(older.getTime() / DAY) * DAY)));
    // The day with an unrelayed event is kept whole; the fully relayed day is gone.
    const left: Array<{ relayed: boolean }> = await db().query(
      'SELECT relayed_at IS NOT NULL AS relayed FROM event_log WHERE recorded_at < $1 ORDER BY 1',
      [new Date(Date.now() - 30 * DAY)],
    );
    expect(left.map((row) => row.relayed)).toEqual([false, true]);
  });
});

import type { MetricsRegistry } from '@hutong/platform';
import type { DataSource } from 'typeorm';

interface PgPoolCounters {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** Pool usage at scrape time: a pool that is always full with clients waiting is the first sign of trouble. */
export function registerPoolMetrics(metrics: MetricsRegistry, dataSource: DataSource, poolSize: number): void {
  metrics.addCollectedGauge('hutong_db_pool_connections', 'Database connection pool by state', ['state'] as const, (gauge) => {
    const pool = poolOf(dataSource);
    if (!pool) return;
    gauge.set({ state: 'total' }, pool.totalCount);
    gauge.set({ state: 'idle' }, pool.idleCount);
    gauge.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
    gauge.set({ state: 'waiting' }, pool.waitingCount);
    gauge.set({ state: 'max' }, poolSize);
  });
}

function poolOf(dataSource: DataSource): PgPoolCounters | undefined {
  if (!dataSource.isInitialized) return undefined;
  // TypeORM keeps the node-postgres Pool as `driver.master`; it is not part of its typed API.
  const master = (dataSource.driver as unknown as { master?: Partial<PgPoolCounters> }).master;
  if (master && typeof master.totalCount === 'number') return master as PgPoolCounters;
  return undefined;
}

import type { ReadinessCheck } from '@hutong/platform';
import type { DataSource } from 'typeorm';

export class DatabaseReadinessCheck implements ReadinessCheck {
  readonly name = 'database';

  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<{ status: 'up' | 'down'; detail?: Record<string, unknown>; error?: string }> {
    await this.dataSource.query('SELECT 1');
    return { status: 'up' };
  }
}

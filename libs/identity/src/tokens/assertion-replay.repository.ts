import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

const PURGE_INTERVAL_MS = 60_000;

/**
 * The single-use store for client-assertion `jti`s (RFC 7523 §3 item 7). It lives in PostgreSQL so
 * every gateway instance shares it: the primary key makes "first use wins" atomic across instances.
 * Rows are kept until the assertion expires; after that the assertion is refused for its `exp` anyway.
 */
@Injectable()
export class AssertionReplayRepository {
  private lastPurgeAt = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** True if this is the first use of (client, jti); false if it was seen before. */
  async claim(clientId: string, jti: string, expiresAt: Date): Promise<boolean> {
    await this.purgeExpiredNowAndThen();
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO client_assertion_jtis (client_id, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (client_id, jti) DO NOTHING RETURNING 1`,
      [clientId, jti, expiresAt],
    );
    return rows.length === 1;
  }

  private async purgeExpiredNowAndThen(): Promise<void> {
    if (Date.now() - this.lastPurgeAt < PURGE_INTERVAL_MS) return;
    this.lastPurgeAt = Date.now();
    // A minute of grace beyond the clock skew, so a still-acceptable assertion never loses its row.
    await this.dataSource.query("DELETE FROM client_assertion_jtis WHERE expires_at < now() - interval '2 minutes'");
  }
}

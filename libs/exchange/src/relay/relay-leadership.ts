import { discardClient } from '@hutong/persistence';
import { Client } from 'pg';

/** One number for the whole deployment: the relay's advisory lock (any constant unused elsewhere). */
const RELAY_LOCK_KEY = 7_211_002_016;

/**
 * Which gateway instance relays: the one holding a session-level advisory lock on a dedicated
 * connection. If that instance dies or loses its connection, PostgreSQL releases the lock and the
 * next instance to try takes over — one sender at a time, so per-subject order holds and nothing
 * is sent twice in the normal case. The embedded database serves one gateway: it always leads.
 */
export class RelayLeadership {
  private client: Client | undefined;
  private held = false;

  constructor(private readonly databaseUrl: string | undefined) {}

  get isLeader(): boolean {
    return this.databaseUrl === undefined || this.held;
  }

  /** Tries to become (or stay) the leader; cheap to call often. */
  async acquire(): Promise<boolean> {
    if (this.databaseUrl === undefined || this.held) return this.isLeader;
    const client = new Client({ connectionString: this.databaseUrl, application_name: 'hutong-relay-leader' });
    client.on('error', () => this.lose(client));
    client.on('end', () => this.lose(client));
    try {
      await client.connect();
      const rows = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RELAY_LOCK_KEY]);
      if (rows.rows[0]?.locked) {
        this.client = client;
        this.held = true;
        return true;
      }
    } catch {
      // Not reachable now: not the leader; the relay tries again.
    }
    await discardClient(client);
    return false;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.held = false;
    this.client = undefined;
    if (client) await discardClient(client);
  }

  private lose(client: Client): void {
    if (this.client !== client) return;
    this.held = false;
    this.client = undefined;
    void discardClient(client);
  }
}

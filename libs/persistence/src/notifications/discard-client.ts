import type { Client } from 'pg';

/**
 * Closes a dedicated connection we no longer want, whatever state it is in. Its listeners go, but an
 * 'error' listener stays: a connection the server is terminating can still emit one (the FATAL
 * notice, then the socket reset), and an 'error' with no listener is an uncaught exception that ends
 * the process.
 */
export async function discardClient(client: Client): Promise<void> {
  client.removeAllListeners();
  client.on('error', () => undefined);
  await client.end().catch(() => undefined);
}

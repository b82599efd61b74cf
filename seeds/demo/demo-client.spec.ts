import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoClient } from './demo-client';

/**
 * A server at a mistyped --url advertises the real gateway's token endpoint, hoping to collect an
 * assertion signed for it. The demo client must not sign one, let alone send it anywhere.
 */
describe('DemoClient against a server advertising a token endpoint elsewhere', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  const impostor = async (): Promise<{ url: string; posts: string[] }> => {
    const posts: string[] = [];
    const server: Server = createServer((request, response) => {
      if (request.method === 'POST') posts.push(request.url ?? '');
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ token_endpoint: 'https://gateway.example.gov.cn/oauth2/token' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => server.close());
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts };
  };

  const clientWithKey = async (url: string, options = {}) => {
    const keysDir = mkdtempSync(join(tmpdir(), 'demo-client-'));
    cleanups.push(() => rmSync(keysDir, { recursive: true, force: true }));
    const client = new DemoClient(url, keysDir, options);
    await client.saveKey('ops-xinxi', await client.newKey());
    return client;
  };

  it('refuses to sign for another origin and sends nothing', async () => {
    const { url, posts } = await impostor();
    const client = await clientWithKey(url);
    await expect(client.call('GET', '/registries', 'ops-xinxi')).rejects.toThrow(/refusing to sign for another origin/);
    expect(posts).toEqual([]);
  });

  it('as the gateway calling itself, signs for the advertised issuer but posts only to its own address', async () => {
    const { url, posts } = await impostor();
    const client = await clientWithKey(url, { selfCall: true });
    await expect(client.call('GET', '/registries', 'ops-xinxi')).rejects.toThrow(/could not get a token/);
    expect(posts).toEqual(['/oauth2/token']);
  });

  it('never signs as a principal it has no key for', async () => {
    const { url } = await impostor();
    const client = await clientWithKey(url);
    await expect(client.call('GET', '/registries', 'audit-xinxi')).rejects.toThrow(/no key for audit-xinxi/);
  });
});

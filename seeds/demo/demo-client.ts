import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  generateSigningKey,
  publicJwkOf,
  readPrivateKeyFile,
  signClientAssertion,
  writePrivateKeyFile,
  type SigningKeyMaterial,
} from '@hutong/identity';

export interface DemoResponse {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/**
 * How the demo seeder talks to a gateway: over HTTP, as the demo agencies themselves would — each
 * principal signs its own client assertion with its key from the demo keys directory (the real
 * private_key_jwt exchange) and calls the public API. Nothing is written around the API.
 */
export class DemoClient {
  private readonly tokens = new Map<string, { token: string; until: number }>();
  private tokenEndpoint: string | undefined;

  constructor(
    readonly baseUrl: string,
    readonly keysDir: string,
  ) {}

  keyFile(principal: string): string {
    return join(this.keysDir, `${principal}.jwk`);
  }

  /** The principal's key pair: read from the keys directory, or made and written there (mode 600) the first time. */
  async keyOf(principal: string): Promise<{ key: SigningKeyMaterial; created: boolean }> {
    const file = this.keyFile(principal);
    if (existsSync(file)) return { key: await readPrivateKeyFile(file), created: false };
    await mkdir(this.keysDir, { recursive: true, mode: 0o700 });
    const key = await generateSigningKey('ES256');
    await writePrivateKeyFile(file, key);
    return { key, created: true };
  }

  publicJwk(key: SigningKeyMaterial): Record<string, string> {
    return publicJwkOf(key);
  }

  /** A JSON call as `principal` (null: anonymous); 4xx answers come back, they are the seeder's to judge. */
  async call(method: string, path: string, principal: string | null, body?: unknown): Promise<DemoResponse> {
    const token = principal === null ? undefined : await this.tokenOf(principal);
    return this.send(method, path, token, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  /** A bulk file (NDJSON or CSV) to an import route, as `principal`. */
  async upload(path: string, principal: string, content: string, contentType: string): Promise<DemoResponse> {
    return this.send('POST', path, await this.tokenOf(principal), content, contentType);
  }

  private async tokenOf(principal: string): Promise<string> {
    const cached = this.tokens.get(principal);
    if (cached && cached.until > Date.now()) return cached.token;
    const { key } = await this.keyOf(principal);
    const audience = await this.audience();
    const assertion = await signClientAssertion({ clientId: principal, audience, key });
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    });
    const response = await this.send('POST', audience, undefined, form.toString(), 'application/x-www-form-urlencoded');
    const token = response.body.access_token;
    if (response.status !== 200 || typeof token !== 'string') {
      throw new Error(`${principal} could not get a token: ${response.status} ${JSON.stringify(response.body)}`);
    }
    const lifetime = typeof response.body.expires_in === 'number' ? response.body.expires_in : 300;
    this.tokens.set(principal, { token, until: Date.now() + (lifetime - 30) * 1000 });
    return token;
  }

  private async audience(): Promise<string> {
    if (this.tokenEndpoint) return this.tokenEndpoint;
    const metadata = await this.send('GET', '/.well-known/oauth-authorization-server', undefined, undefined, undefined);
    if (typeof metadata.body.token_endpoint !== 'string') throw new Error(`${this.baseUrl} advertises no token endpoint`);
    this.tokenEndpoint = metadata.body.token_endpoint;
    return this.tokenEndpoint;
  }

  private async send(
    method: string,
    path: string,
    token: string | undefined,
    body: string | undefined,
    contentType: string | undefined,
  ): Promise<DemoResponse> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      redirect: 'error',
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(contentType && body !== undefined ? { 'content-type': contentType } : {}),
      },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = {};
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = { detail: text.slice(0, 200) };
    }
    return {
      status: response.status,
      body: (typeof parsed === 'object' && parsed !== null ? parsed : { value: parsed }) as Record<string, unknown>,
    };
  }
}

/** Throws, naming the step and the gateway's reason, unless the answer is one of `expected`. */
export function expectStatus(response: DemoResponse, expected: readonly number[], what: string): void {
  if (expected.includes(response.status)) return;
  const detail = typeof response.body.detail === 'string' ? response.body.detail : JSON.stringify(response.body);
  throw new Error(`could not ${what}: ${response.status} ${detail}`);
}

import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import {
  clientAssertionGrant,
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
export interface DemoClientOptions {
  /**
   * The gateway calling itself on loopback: its token endpoint is advertised under PUBLIC_BASE_URL
   * (the assertion's audience), but the exchange is posted to `baseUrl`. Anyone else refuses an
   * endpoint on another origin — a server at a mistyped URL could otherwise collect assertions
   * signed for the real gateway and replay them there.
   */
  readonly selfCall?: boolean;
}

export class DemoClient {
  private readonly tokens = new Map<string, { token: string; until: number }>();
  private tokenEndpoint: { audience: string; postTo: URL } | undefined;

  constructor(
    readonly baseUrl: string,
    readonly keysDir: string,
    private readonly options: DemoClientOptions = {},
  ) {}

  keyFile(principal: string): string {
    return join(this.keysDir, `${principal}.jwk`);
  }

  hasKey(principal: string): boolean {
    return existsSync(this.keyFile(principal));
  }

  /** A new key pair, in memory only: it is saved once the gateway has registered its public half. */
  newKey(): Promise<SigningKeyMaterial> {
    return generateSigningKey('ES256');
  }

  /**
   * Saves a registered key (mode 600). Written beside and renamed into place, so an interrupted run
   * never leaves a key file the gateway does not know — the next run would sign with it and fail.
   */
  async saveKey(principal: string, key: SigningKeyMaterial): Promise<void> {
    await mkdir(this.keysDir, { recursive: true, mode: 0o700 });
    const partial = `${this.keyFile(principal)}.${process.pid}.partial`;
    await writePrivateKeyFile(partial, key);
    await rename(partial, this.keyFile(principal));
  }

  publicJwk(key: SigningKeyMaterial): Record<string, string> {
    return publicJwkOf(key);
  }

  /** A JSON call as `principal` (null: anonymous); 4xx answers come back, they are the seeder's to judge. */
  async call(method: string, path: string, principal: string | null, body?: unknown): Promise<DemoResponse> {
    const token = principal === null ? undefined : await this.tokenOf(principal);
    return this.send(method, path, token, body === undefined ? undefined : JSON.stringify(body), 'application/json');
  }

  /**
   * A bulk file (NDJSON or CSV) to an import route, as `principal`. A stream is sent as it is
   * produced (chunked), so a generated file never sits in memory whole.
   */
  async upload(
    path: string,
    principal: string,
    content: string | ReadableStream<Uint8Array>,
    contentType: string,
  ): Promise<DemoResponse> {
    return this.send('POST', path, await this.tokenOf(principal), content, contentType);
  }

  private async tokenOf(principal: string): Promise<string> {
    const cached = this.tokens.get(principal);
    if (cached && cached.until > Date.now()) return cached.token;
    if (!this.hasKey(principal)) {
      throw new Error(`no key for ${principal} in ${this.keysDir}: load the demo city first (npx hutong seed demo)`);
    }
    const key = await readPrivateKeyFile(this.keyFile(principal));
    const endpoint = await this.endpoint();
    const assertion = await signClientAssertion({ clientId: principal, audience: endpoint.audience, key });
    const response = await this.send(
      'POST',
      endpoint.postTo,
      undefined,
      clientAssertionGrant(assertion),
      'application/x-www-form-urlencoded',
    );
    const token = response.body.access_token;
    if (response.status !== 200 || typeof token !== 'string') {
      throw new Error(`${principal} could not get a token: ${response.status} ${JSON.stringify(response.body)}`);
    }
    const lifetime = typeof response.body.expires_in === 'number' ? response.body.expires_in : 300;
    this.tokens.set(principal, { token, until: Date.now() + (lifetime - 30) * 1000 });
    return token;
  }

  private async endpoint(): Promise<{ audience: string; postTo: URL }> {
    if (this.tokenEndpoint) return this.tokenEndpoint;
    const metadata = await this.send('GET', '/.well-known/oauth-authorization-server', undefined, undefined, undefined);
    if (typeof metadata.body.token_endpoint !== 'string') throw new Error(`${this.baseUrl} advertises no token endpoint`);
    const advertised = new URL(metadata.body.token_endpoint);
    const own = new URL(this.baseUrl);
    if (!this.options.selfCall && advertised.origin !== own.origin) {
      throw new Error(
        `the gateway at ${this.baseUrl} advertises its token endpoint at ${advertised.origin}; refusing to sign for another origin (use --url ${advertised.origin})`,
      );
    }
    this.tokenEndpoint = { audience: advertised.toString(), postTo: new URL(advertised.pathname, own) };
    return this.tokenEndpoint;
  }

  private async send(
    method: string,
    path: string | URL,
    token: string | undefined,
    body: string | ReadableStream<Uint8Array> | undefined,
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
      // Node's fetch sends a stream body only in half-duplex mode.
      ...(typeof body === 'object' ? { duplex: 'half' as const } : {}),
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

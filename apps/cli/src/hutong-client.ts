import { clientAssertionGrant, readPrivateKeyFile, signClientAssertion, type SigningKeyMaterial } from '@hutong/identity';
import { CliError } from './cli-context';

export const DEFAULT_URL = 'http://127.0.0.1:3000';

interface ProblemBody {
  title?: string;
  detail?: string;
  code?: string;
  error?: string;
  error_description?: string;
  errors?: Array<{ field: string; message: string }>;
}

/** Credentials a command acts with: a principal code and its private key file. */
export interface Credentials {
  readonly principal: string;
  readonly keyFile: string;
  readonly scope?: string;
}

/**
 * The CLI's HTTP client for the gateway: discovery, the real private_key_jwt exchange, and JSON
 * calls whose problem responses become one readable error line.
 */
export class HutongClient {
  private tokenEndpointAudience: string | undefined;

  constructor(readonly baseUrl: string) {}

  /** Performs the RFC 7523 exchange and returns the access token. */
  async accessToken(credentials: Credentials): Promise<{ token: string; expiresIn: number; scope: string }> {
    let key: SigningKeyMaterial;
    try {
      key = await readPrivateKeyFile(credentials.keyFile);
    } catch (error) {
      throw new CliError(`cannot read the key file: ${error instanceof Error ? error.message : String(error)}`);
    }
    const audience = await this.tokenEndpoint();
    const assertion = await signClientAssertion({ clientId: credentials.principal, audience, key });
    // Posted to the very URL the assertion names as its audience: an assertion sent anywhere else
    // could be replayed by whoever received it.
    const body = await this.send<{ access_token: string; expires_in: number; scope: string }>('POST', audience, {
      body: clientAssertionGrant(assertion, credentials.scope),
      contentType: 'application/x-www-form-urlencoded',
    });
    return { token: body.access_token, expiresIn: body.expires_in, scope: body.scope };
  }

  async call<T>(method: string, path: string, credentials: Credentials, body?: unknown): Promise<T> {
    const { token } = await this.accessToken(credentials);
    return this.send<T>(method, path, {
      token,
      ...(body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }),
    });
  }

  /**
   * The token endpoint the gateway advertises (RFC 8414). It must be on the same origin as --url:
   * otherwise a server at a mistyped or hostile URL could advertise the real gateway's endpoint,
   * collect a signed assertion for it and replay it there.
   */
  private async tokenEndpoint(): Promise<string> {
    if (this.tokenEndpointAudience) return this.tokenEndpointAudience;
    const metadata = await this.send<{ token_endpoint?: unknown }>('GET', '/.well-known/oauth-authorization-server', {});
    let endpoint: URL;
    try {
      endpoint = new URL(String(metadata.token_endpoint));
    } catch {
      throw new CliError(`${this.baseUrl} did not advertise a token endpoint; is it a Hutong gateway?`);
    }
    if (endpoint.origin !== new URL(this.baseUrl).origin) {
      throw new CliError(
        `the gateway at ${this.baseUrl} advertises its token endpoint at ${endpoint.origin}; refusing to sign for another origin. ` +
          `Use --url ${endpoint.origin}, or set TOKEN_ISSUER (or PUBLIC_BASE_URL) on the gateway to the URL you call it by.`,
      );
    }
    this.tokenEndpointAudience = endpoint.toString();
    return this.tokenEndpointAudience;
  }

  private async send<T>(
    method: string,
    path: string,
    options: { token?: string; body?: string; contentType?: string },
  ): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        redirect: 'error',
        method,
        headers: {
          accept: 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.contentType ? { 'content-type': options.contentType } : {}),
        },
        ...(options.body === undefined ? {} : { body: options.body }),
      });
    } catch (error) {
      const cause =
        (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
      throw new CliError(`cannot reach the gateway at ${this.baseUrl} (${cause}); is it running? (npm start, or pass --url)`);
    }
    const text = await response.text();
    const parsed: unknown = text === '' ? {} : safeJson(text);
    if (!response.ok) throw new CliError(describeFailure(method, path, response.status, parsed), 1, response.status);
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 200) };
  }
}

function describeFailure(method: string, path: string, status: number, body: unknown): string {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as ProblemBody;
  const reason = problem.code ?? problem.error;
  // One line, however many fields are wrong: `field: why; field: why`.
  const fields = (problem.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
  return `${method} ${path} failed with ${status}${reason ? ` (${reason})` : ''}: ${problem.detail ?? problem.error_description ?? problem.title ?? 'no detail'}${fields ? ` — ${fields}` : ''}`;
}

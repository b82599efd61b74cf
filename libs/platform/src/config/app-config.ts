import { isAbsolute, resolve } from 'node:path';
import { inspect } from 'node:util';
import type { DemoCityMode, KafkaSaslMechanism, LogLevel, NodeEnv, SigningAlgorithm } from './environment';

export interface HttpConfig {
  readonly host: string;
  readonly port: number;
  /** The URL clients use to reach this gateway; issuer of tokens and base of links. No trailing slash. */
  readonly publicBaseUrl: string;
  readonly bodyLimitBytes: number;
  readonly trustProxy: boolean;
  readonly shutdownTimeoutMs: number;
}

export interface DatabaseConfig {
  /** Set when an external PostgreSQL is used; undefined means "start the embedded one". */
  readonly url: string | undefined;
  readonly poolSize: number;
  readonly statementTimeoutMs: number;
  /**
   * Role every gateway session assumes (`SET ROLE` at connect), e.g. `hutong_app`, which may only
   * add to the audit tables. The login user must be a member; migrations then run separately.
   */
  readonly sessionRole: string | undefined;
  readonly runMigrations: boolean;
  readonly embeddedDir: string;
  readonly embeddedPort: number;
}

export interface KafkaConfig {
  /** Empty when Kafka is not configured: events then stay in the outbox and are served by the HTTP feed. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** The gateway's own Kafka user; undefined when the brokers need no authentication. */
  readonly sasl: KafkaSaslCredentials | undefined;
  /** TLS to the brokers, verified against Node's CA store (add a private CA with NODE_EXTRA_CA_CERTS). */
  readonly ssl: boolean;
}

/**
 * SASL credentials. The password is a plain readonly field because kafkajs needs it, but it never
 * leaves the process by accident: JSON serialisation (pino, `config check`, JSON.stringify) and
 * `util.inspect` (console.log) both show it as `[redacted]`.
 */
export class KafkaSaslCredentials {
  constructor(
    readonly mechanism: KafkaSaslMechanism,
    readonly username: string,
    readonly password: string,
  ) {}

  toJSON(): { mechanism: KafkaSaslMechanism; username: string; password: string } {
    return { mechanism: this.mechanism, username: this.username, password: REDACTED };
  }

  [inspect.custom](): string {
    return `KafkaSaslCredentials { mechanism: '${this.mechanism}', username: '${this.username}', password: '${REDACTED}' }`;
  }
}

const REDACTED = '[redacted]';

export interface AuthConfig {
  /** `iss` of access tokens and the authorization server identifier (RFC 8414). No trailing slash. */
  readonly issuer: string;
  /** The URL client assertions must name as `aud` (RFC 7523). */
  readonly tokenEndpoint: string;
  /** `aud` of access tokens: this gateway's API. */
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly signingKeysDir: string;
  readonly signingAlgorithm: SigningAlgorithm;
  /** Generate a signing key when the directory has none (default off in production). */
  readonly generateSigningKeys: boolean;
  readonly clockSkewSeconds: number;
}

export interface AuditConfig {
  /** The audit checkpoint signing keys and the subject HMAC key; never pruned. */
  readonly keysDir: string;
  /** Generate missing audit keys (default off in production, like the token-signing key). */
  readonly generateKeys: boolean;
  readonly checkpointEvery: number;
  readonly checkpointSeconds: number;
  /** Off only to measure what auditing costs; a gateway without it serves unaudited data. */
  readonly recording: boolean;
}

export interface ExchangeConfig {
  /** Days relayed events stay in the outbox (and can be read from the feed); whole days are dropped. */
  readonly retentionDays: number;
}

export interface CatalogConfig {
  /** Working days a provider has to answer an access request (国发〔2016〕51号 Art. 14: 10). */
  readonly requestWorkingDays: number;
  /** Public holidays (YYYY-MM-DD) that are not working days. */
  readonly holidays: ReadonlySet<string>;
  /** Weekend days that are working days (调休). */
  readonly extraWorkdays: ReadonlySet<string>;
  /** Longest validity of a grant, in days. */
  readonly grantMaxDays: number;
}

/**
 * The validated, typed configuration. It is a class so Nest can inject it by type; it is built once
 * by `loadAppConfig` and never mutated.
 */
export class AppConfig {
  constructor(
    readonly env: NodeEnv,
    readonly dataDir: string,
    readonly logLevel: LogLevel,
    readonly http: HttpConfig,
    readonly database: DatabaseConfig,
    readonly kafka: KafkaConfig,
    readonly auth: AuthConfig,
    readonly audit: AuditConfig,
    readonly catalog: CatalogConfig,
    readonly exchange: ExchangeConfig,
    /** `DEMO_CITY`: whether the gateway loads the demo city at start-up (see apps/gateway/src/demo-city.ts). */
    readonly demoCity: DemoCityMode,
  ) {}

  get isProduction(): boolean {
    return this.env === 'production';
  }
}

export function absoluteFrom(cwd: string, path: string): string {
  return isAbsolute(path) ? path : resolve(cwd, path);
}

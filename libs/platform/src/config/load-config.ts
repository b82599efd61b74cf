import 'reflect-metadata';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { absoluteFrom, AppConfig, KafkaSaslCredentials, type AuthConfig, type KafkaConfig } from './app-config';
import { ConfigError } from './config-error';
import { EnvironmentVariables, SECRET_VARIABLES } from './environment';

/**
 * Parses and validates the environment once, at start-up. A wrong value throws a ConfigError whose
 * message is a single line naming each bad variable and what is expected, so an operator reading
 * `journalctl` sees the cause at once.
 */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): AppConfig {
  const known = pickKnownVariables(env);
  const parsed = plainToInstance(EnvironmentVariables, known, { exposeDefaultValues: true });
  const errors = validateSync(parsed, { skipMissingProperties: false, forbidUnknownValues: true });
  const problems = [...errors.map((e) => describeError(e, known)), ...kafkaSaslProblems(parsed), ...demoCityProblems(parsed)];
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return toAppConfig(parsed, cwd);
}

/**
 * KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD make sense only together: a
 * mechanism without credentials cannot log in, and credentials without a mechanism would silently
 * connect unauthenticated. Values are never quoted here (the password is a secret).
 */
function kafkaSaslProblems(v: EnvironmentVariables): string[] {
  const missing = (['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const).filter((name) => v[name] === undefined);
  if (v.KAFKA_SASL_MECHANISM !== undefined) {
    return missing.length === 0 ? [] : [`KAFKA_SASL_MECHANISM is set, so ${missing.join(' and ')} must be set too`];
  }
  if (missing.length < 2) {
    return [
      'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM (plain, scram-sha-256 or scram-sha-512); set it, or unset them',
    ];
  }
  return [];
}

/** The demo city puts a well-known operator, its private key on disk, and made-up citizens into the database. */
function demoCityProblems(v: EnvironmentVariables): string[] {
  return v.DEMO_CITY === 'on' && v.NODE_ENV === 'production'
    ? ['DEMO_CITY=on is refused with NODE_ENV=production: the demo city is made-up data with a well-known operator']
    : [];
}

function pickKnownVariables(env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of environmentVariableNames()) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}

/** Every variable Hutong reads: the validated properties of EnvironmentVariables, optional ones included. */
export function environmentVariableNames(): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(EnvironmentVariables, '', true, false);
  return [...new Set(metadata.map((m) => m.propertyName))];
}

/** When the value has the wrong type, range rules fail too; only the type rule is worth reading. */
const TYPE_RULES = ['isInt', 'isBoolean', 'isIn', 'matches', 'isString', 'isNotEmpty'];

function describeError(error: ValidationError, raw: Record<string, string>): string {
  const variable = error.property;
  const constraints = error.constraints ?? {};
  const typeRule = TYPE_RULES.find((rule) => rule in constraints);
  const reasons = typeRule ? constraints[typeRule] : Object.values(constraints).join(', ');
  const shown = SECRET_VARIABLES.has(variable) ? '' : ` (got ${JSON.stringify(raw[variable] ?? '')})`;
  return `${reasons}${shown}`;
}

function toAppConfig(v: EnvironmentVariables, cwd: string): AppConfig {
  const dataDir = absoluteFrom(cwd, v.DATA_DIR);
  const publicBaseUrl = (v.PUBLIC_BASE_URL ?? defaultBaseUrl(v.HOST, v.PORT)).replace(/\/+$/, '');
  return new AppConfig(
    v.NODE_ENV,
    dataDir,
    v.LOG_LEVEL,
    {
      host: v.HOST,
      port: v.PORT,
      publicBaseUrl,
      bodyLimitBytes: v.BODY_LIMIT_BYTES,
      trustProxy: v.TRUST_PROXY,
      shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    },
    {
      url: v.DATABASE_URL,
      poolSize: v.DB_POOL_SIZE,
      statementTimeoutMs: v.DB_STATEMENT_TIMEOUT_MS,
      sessionRole: v.DB_SESSION_ROLE,
      runMigrations: v.MIGRATIONS_RUN,
      embeddedDir: v.EMBEDDED_PG_DIR ? absoluteFrom(cwd, v.EMBEDDED_PG_DIR) : join(dataDir, 'pglite'),
      embeddedPort: v.EMBEDDED_PG_PORT,
    },
    kafkaConfig(v),
    authConfig(v, publicBaseUrl, dataDir, cwd),
    {
      keysDir: v.AUDIT_KEYS_DIR ? absoluteFrom(cwd, v.AUDIT_KEYS_DIR) : join(dataDir, 'audit-keys'),
      generateKeys: v.SIGNING_KEYS_GENERATE ?? v.NODE_ENV !== 'production',
      checkpointEvery: v.AUDIT_CHECKPOINT_EVERY,
      checkpointSeconds: v.AUDIT_CHECKPOINT_SECONDS,
      recording: v.AUDIT_RECORDING === 'on',
    },
    {
      requestWorkingDays: v.ACCESS_REQUEST_WORKING_DAYS,
      holidays: new Set(v.CATALOG_HOLIDAYS?.split(',') ?? []),
      extraWorkdays: new Set(v.CATALOG_WORKDAYS?.split(',') ?? []),
      grantMaxDays: v.GRANT_MAX_DAYS,
    },
    { retentionDays: v.EVENT_RETENTION_DAYS },
    v.DEMO_CITY,
  );
}

function kafkaConfig(v: EnvironmentVariables): KafkaConfig {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = v;
  return {
    brokers: v.KAFKA_BROKERS ? v.KAFKA_BROKERS.split(',') : [],
    clientId: v.KAFKA_CLIENT_ID,
    // kafkaSaslProblems has refused a mechanism without both credentials.
    sasl: mechanism && username && password ? new KafkaSaslCredentials(mechanism, username, password) : undefined,
    ssl: v.KAFKA_SSL,
  };
}

function authConfig(v: EnvironmentVariables, publicBaseUrl: string, dataDir: string, cwd: string): AuthConfig {
  const issuer = (v.TOKEN_ISSUER ?? publicBaseUrl).replace(/\/+$/, '');
  return {
    issuer,
    tokenEndpoint: `${issuer}/oauth2/token`,
    audience: issuer,
    accessTokenTtlSeconds: v.ACCESS_TOKEN_TTL_SECONDS,
    signingKeysDir: v.SIGNING_KEYS_DIR ? absoluteFrom(cwd, v.SIGNING_KEYS_DIR) : join(dataDir, 'signing-keys'),
    signingAlgorithm: v.SIGNING_KEY_ALGORITHM,
    // A production gateway must be given its keys; anywhere else a missing key is generated once.
    generateSigningKeys: v.SIGNING_KEYS_GENERATE ?? v.NODE_ENV !== 'production',
    clockSkewSeconds: v.CLOCK_SKEW_SECONDS,
  };
}

function defaultBaseUrl(host: string, port: number): string {
  // A wildcard bind address is not a URL anyone can call; advertise loopback instead.
  const advertised = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${advertised.includes(':') ? `[${advertised}]` : advertised}:${port}`;
}

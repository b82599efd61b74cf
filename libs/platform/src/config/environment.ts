import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/**
 * Every setting Hutong reads from the environment, with its default. The README's configuration
 * table is checked against this class by a unit test, so adding a variable here without
 * documenting it fails the build.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const SIGNING_ALGORITHMS = ['ES256', 'EdDSA'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** The SASL mechanisms the gateway can authenticate to Kafka with (kafkajs' names for them). */
export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/** Variables whose value must never be echoed back in an error message (they may hold passwords). */
export const SECRET_VARIABLES: ReadonlySet<string> = new Set(['DATABASE_URL', 'KAFKA_SASL_PASSWORD']);

/**
 * class-transformer turns "false" into `true` with a plain Boolean cast; accept the usual spellings
 * and leave anything else as a string so that @IsBoolean reports it.
 */
function toBoolean({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string') return value;
  const normalised = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalised)) return true;
  if (['false', '0', 'no', 'off'].includes(normalised)) return false;
  return value;
}

/** An empty variable (`FOO=`) means "not set", as in most twelve-factor tooling. */
function emptyToUndefined({ value }: { value: unknown }): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

/** Kafka's own settings spell mechanisms in capitals (`SCRAM-SHA-512`); accept either spelling. */
function toLowerCaseOrUndefined({ value }: { value: unknown }): unknown {
  const defined = emptyToUndefined({ value });
  return typeof defined === 'string' ? defined.trim().toLowerCase() : defined;
}

const POSTGRES_URL = /^postgres(ql)?:\/\/[^\s]+$/;
const HTTP_URL = /^https?:\/\/[^\s/]+(\/[^\s]*)?$/;
const BROKER_LIST = /^[A-Za-z0-9.\-_]+:\d{1,5}(,[A-Za-z0-9.\-_]+:\d{1,5})*$/;

/** Load the demo city at start-up: `auto` on the first start of the embedded default outside production. */
export const DEMO_CITY_MODES = ['auto', 'on', 'off'] as const;
export type DemoCityMode = (typeof DEMO_CITY_MODES)[number];

/** Dates such as 2026-10-01,2026-10-02. */
const DATE_LIST = /^\d{4}-\d{2}-\d{2}(,\d{4}-\d{2}-\d{2})*$/;

export class EnvironmentVariables {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsString()
  @IsNotEmpty()
  HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'PUBLIC_BASE_URL must be an http(s) URL such as https://hutong.example.gov.cn' })
  PUBLIC_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(POSTGRES_URL, { message: 'DATABASE_URL must be a postgres:// or postgresql:// connection URL' })
  DATABASE_URL?: string;

  @IsString()
  @IsNotEmpty()
  DATA_DIR = '.data';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EMBEDDED_PG_DIR?: string;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT = 0;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DB_STATEMENT_TIMEOUT_MS = 15_000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DB_SESSION_ROLE must be a PostgreSQL role name such as hutong_app' })
  DB_SESSION_ROLE?: string;

  @Transform(toBoolean)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(BROKER_LIST, { message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS?: string;

  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'KAFKA_CLIENT_ID must be 1-64 characters of A-Z a-z 0-9 . _ -' })
  KAFKA_CLIENT_ID = 'hutong-gateway';

  /** Set together with KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD; checked as a group in load-config. */
  @Transform(toLowerCaseOrUndefined)
  @IsOptional()
  @IsIn(KAFKA_SASL_MECHANISMS)
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  /** A password: never echoed (SECRET_VARIABLES), never logged, never printed by `config check`. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  @Transform(toBoolean)
  @IsBoolean()
  KAFKA_SSL = false;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(64 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(300_000)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  @Transform(toBoolean)
  @IsBoolean()
  TRUST_PROXY = false;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(HTTP_URL, { message: 'TOKEN_ISSUER must be an http(s) URL such as https://hutong.example.gov.cn' })
  TOKEN_ISSUER?: string;

  @Type(() => Number)
  @IsInt()
  @Min(30)
  @Max(600)
  ACCESS_TOKEN_TTL_SECONDS = 300;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  SIGNING_KEYS_DIR?: string;

  @IsIn(SIGNING_ALGORITHMS)
  SIGNING_KEY_ALGORITHM: SigningAlgorithm = 'ES256';

  @Transform(toBoolean)
  @IsOptional()
  @IsBoolean()
  SIGNING_KEYS_GENERATE?: boolean;

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(30)
  CLOCK_SKEW_SECONDS = 30;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  AUDIT_KEYS_DIR?: string;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(1_000_000)
  AUDIT_CHECKPOINT_EVERY = 1000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3600)
  AUDIT_CHECKPOINT_SECONDS = 60;

  @IsIn(['on', 'off'])
  AUDIT_RECORDING: 'on' | 'off' = 'on';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(60)
  ACCESS_REQUEST_WORKING_DAYS = 10;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(DATE_LIST, { message: 'CATALOG_HOLIDAYS must be a comma-separated list of dates YYYY-MM-DD' })
  CATALOG_HOLIDAYS?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(DATE_LIST, { message: 'CATALOG_WORKDAYS must be a comma-separated list of dates YYYY-MM-DD' })
  CATALOG_WORKDAYS?: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  GRANT_MAX_DAYS = 366;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  EVENT_RETENTION_DAYS = 30;

  @IsIn(DEMO_CITY_MODES)
  DEMO_CITY: DemoCityMode = 'auto';
}

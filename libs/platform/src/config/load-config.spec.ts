import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error';
import { loadAppConfig } from './load-config';

const cwd = '/srv/hutong';

function failureOf(env: Record<string, string>): string {
  try {
    loadAppConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadAppConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadAppConfig({}, cwd);
    expect(config.http).toMatchObject({
      host: '127.0.0.1',
      port: 3000,
      publicBaseUrl: 'http://127.0.0.1:3000',
      bodyLimitBytes: 1048576,
    });
    expect(config.dataDir).toBe('/srv/hutong/.data');
    expect(config.database).toMatchObject({
      url: undefined,
      embeddedDir: '/srv/hutong/.data/pglite',
      poolSize: 10,
      runMigrations: true,
    });
    expect(config.kafka.brokers).toEqual([]);
    expect(config.logLevel).toBe('info');
  });

  it('parses every kind of value', () => {
    const config = loadAppConfig(
      {
        HOST: '0.0.0.0',
        PORT: '8080',
        DATABASE_URL: 'postgres://hutong:secret@db:5432/hutong',
        DATA_DIR: '/var/lib/hutong',
        KAFKA_BROKERS: 'kafka-1:9092,kafka-2:9092',
        MIGRATIONS_RUN: 'false',
        TRUST_PROXY: 'yes',
        LOG_LEVEL: 'debug',
        PUBLIC_BASE_URL: 'https://hutong.example.gov.cn/',
      },
      cwd,
    );
    expect(config.http.port).toBe(8080);
    expect(config.http.publicBaseUrl).toBe('https://hutong.example.gov.cn');
    expect(config.http.trustProxy).toBe(true);
    expect(config.database.runMigrations).toBe(false);
    expect(config.database.embeddedDir).toBe('/var/lib/hutong/pglite');
    expect(config.kafka.brokers).toEqual(['kafka-1:9092', 'kafka-2:9092']);
  });

  it('advertises loopback, not the wildcard address, when bound to all interfaces', () => {
    expect(loadAppConfig({ HOST: '0.0.0.0', PORT: '3000' }, cwd).http.publicBaseUrl).toBe('http://127.0.0.1:3000');
  });

  it('treats an empty variable as unset', () => {
    expect(loadAppConfig({ DATABASE_URL: '', KAFKA_BROKERS: '' }, cwd).database.url).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, /^Invalid configuration: PORT must be an integer number \(got "abc"\)$/],
    [{ PORT: '70000' }, /PORT must not be greater than 65535/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of the following values/],
    [{ MIGRATIONS_RUN: 'maybe' }, /MIGRATIONS_RUN must be a boolean value \(got "maybe"\)/],
    [{ KAFKA_BROKERS: 'kafka' }, /KAFKA_BROKERS must be a comma-separated list of host:port/],
    [{ PUBLIC_BASE_URL: 'hutong.example' }, /PUBLIC_BASE_URL must be an http\(s\) URL/],
    [{ DB_POOL_SIZE: '0' }, /DB_POOL_SIZE must not be less than 1/],
  ])('refuses %o with one line naming the variable', (env, expected) => {
    const message = failureOf(env);
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('names every bad variable at once', () => {
    const message = failureOf({ PORT: 'x', LOG_LEVEL: 'y' });
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
  });

  it('never echoes a database URL, which may carry a password', () => {
    const message = failureOf({ DATABASE_URL: 'mysql://root:topsecret@db/x' });
    expect(message).toContain('DATABASE_URL must be a postgres://');
    expect(message).not.toContain('topsecret');
  });
});

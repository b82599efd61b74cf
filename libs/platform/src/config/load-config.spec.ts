import { inspect } from 'node:util';
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
    expect(config.kafka.sasl).toBeUndefined();
    expect(config.kafka.ssl).toBe(false);
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

  describe('Kafka authentication', () => {
    const scram = {
      KAFKA_BROKERS: 'kafka-1:9093',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'hutong-gateway',
      KAFKA_SASL_PASSWORD: 'p4ss"word; with=signs',
      KAFKA_SSL: 'true',
    };

    it('reads the mechanism, both credentials and TLS', () => {
      const { kafka } = loadAppConfig(scram, cwd);
      expect(kafka.ssl).toBe(true);
      expect(kafka.sasl).toMatchObject({
        mechanism: 'scram-sha-512',
        username: 'hutong-gateway',
        password: 'p4ss"word; with=signs',
      });
    });

    it.each([
      ['plain', 'plain'],
      ['SCRAM-SHA-256', 'scram-sha-256'],
      [' Scram-Sha-512 ', 'scram-sha-512'],
    ])('accepts the mechanism %j as %s', (given, expected) => {
      expect(loadAppConfig({ ...scram, KAFKA_SASL_MECHANISM: given }, cwd).kafka.sasl?.mechanism).toBe(expected);
    });

    it('needs no credentials when no mechanism is set, and treats empty variables as unset', () => {
      const config = loadAppConfig(
        { KAFKA_BROKERS: 'kafka:9092', KAFKA_SASL_MECHANISM: '', KAFKA_SASL_USERNAME: '', KAFKA_SASL_PASSWORD: '' },
        cwd,
      );
      expect(config.kafka.sasl).toBeUndefined();
    });

    it('refuses a mechanism Hutong does not support', () => {
      expect(failureOf({ ...scram, KAFKA_SASL_MECHANISM: 'GSSAPI' })).toMatch(
        /^Invalid configuration: KAFKA_SASL_MECHANISM must be one of the following values: plain, scram-sha-256, scram-sha-512 \(got "GSSAPI"\)$/,
      );
    });

    it.each([
      [{ KAFKA_SASL_USERNAME: undefined }, 'KAFKA_SASL_MECHANISM is set, so KAFKA_SASL_USERNAME must be set too'],
      [{ KAFKA_SASL_PASSWORD: undefined }, 'KAFKA_SASL_MECHANISM is set, so KAFKA_SASL_PASSWORD must be set too'],
      [{ KAFKA_SASL_PASSWORD: '  ' }, 'KAFKA_SASL_MECHANISM is set, so KAFKA_SASL_PASSWORD must be set too'],
      [
        { KAFKA_SASL_USERNAME: undefined, KAFKA_SASL_PASSWORD: undefined },
        'KAFKA_SASL_MECHANISM is set, so KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD must be set too',
      ],
      [{ KAFKA_SASL_MECHANISM: undefined }, 'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM'],
      [
        { KAFKA_SASL_MECHANISM: undefined, KAFKA_SASL_USERNAME: undefined },
        'KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD need KAFKA_SASL_MECHANISM',
      ],
    ])('refuses incomplete SASL settings %o with one line', (change, expected) => {
      const env = Object.fromEntries(
        Object.entries({ ...scram, ...change }).filter((entry): entry is [string, string] => entry[1] !== undefined),
      );
      const message = failureOf(env);
      expect(message).toContain(expected);
      expect(message).not.toContain('\n');
      expect(message).not.toContain('p4ss');
    });

    it('reports a SASL problem together with the other bad variables', () => {
      const message = failureOf({ PORT: 'x', KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'hutong-gateway' });
      expect(message).toContain('PORT must be an integer number');
      expect(message).toContain('KAFKA_SASL_PASSWORD must be set too');
    });

    it('refuses a KAFKA_SSL that is not a boolean', () => {
      expect(failureOf({ KAFKA_SSL: 'tls1.3' })).toMatch(/KAFKA_SSL must be a boolean value \(got "tls1.3"\)/);
    });

    it('never echoes the Kafka password in an error', () => {
      // Not a string is impossible from the environment; an invalid mechanism next to it is the realistic mistake.
      const message = failureOf({ ...scram, KAFKA_SASL_MECHANISM: 'oauthbearer' });
      expect(message).not.toContain('p4ss');
    });

    it('never shows the password when the configuration is serialised or inspected', () => {
      const config = loadAppConfig(scram, cwd);
      const printed = [
        JSON.stringify(config),
        JSON.stringify(config.kafka),
        inspect(config, { depth: 5 }),
        String(inspect(config.kafka.sasl)),
      ];
      for (const text of printed) {
        expect(text).not.toContain('p4ss');
        expect(text).toContain('hutong-gateway');
      }
      expect(JSON.parse(JSON.stringify(config.kafka.sasl))).toEqual({
        mechanism: 'scram-sha-512',
        username: 'hutong-gateway',
        password: '[redacted]',
      });
    });
  });
});

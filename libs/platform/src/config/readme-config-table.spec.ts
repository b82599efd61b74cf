import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAppConfig } from './load-config';
import { environmentVariableNames } from './load-config';

/** The README's configuration table is the operators' reference; it must list every variable with its real default. */
describe('README configuration table', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', '..', 'README.md'), 'utf8');
  const rows = new Map(
    [...readme.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*([^|]*?)\s*\|/gm)].map((m) => [m[1] ?? '', (m[2] ?? '').trim()] as const),
  );

  it('lists every variable the gateway reads', () => {
    const names = environmentVariableNames();
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !rows.has(n))).toEqual([]);
  });

  it('lists no variable the gateway does not read', () => {
    const names = new Set(environmentVariableNames());
    expect([...rows.keys()].filter((n) => !names.has(n))).toEqual([]);
  });

  it('states the defaults the code applies', () => {
    const config = loadAppConfig({}, '/app');
    expect(rows.get('PORT')).toBe(`\`${config.http.port}\``);
    expect(rows.get('HOST')).toBe(`\`${config.http.host}\``);
    expect(rows.get('DATA_DIR')).toBe('`.data`');
    expect(rows.get('DB_POOL_SIZE')).toBe(`\`${config.database.poolSize}\``);
    expect(rows.get('BODY_LIMIT_BYTES')).toBe(`\`${config.http.bodyLimitBytes}\``);
    expect(rows.get('LOG_LEVEL')).toBe(`\`${config.logLevel}\``);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAppConfig } from '@hutong/platform';
import { planDemoCity } from './demo-city';

describe('what the gateway does about the demo city at start-up', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const setUp = (env: Record<string, string>, files: string[] = []) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'demo-city-'));
    dirs.push(dataDir);
    const keysDir = join(dataDir, 'demo-keys');
    if (files.length > 0) mkdirSync(keysDir);
    for (const file of files) writeFileSync(join(keysDir, file), '{}');
    return { config: loadAppConfig({ DATA_DIR: dataDir, ...env }, dataDir), keysDir };
  };
  const nobody = () => Promise.resolve(false);
  const someone = () => Promise.resolve(true);

  it('loads on the first start of the embedded default, and not once somebody has set the database up', async () => {
    const { config, keysDir } = setUp({});
    expect(await planDemoCity(config, keysDir, nobody)).toBe('load');
    expect(await planDemoCity(config, keysDir, someone)).toBe('skip');
  });

  it('finishes a load an earlier start began, and never loads again once it completed', async () => {
    const begun = setUp({}, ['ops-xinxi.jwk']);
    expect(await planDemoCity(begun.config, begun.keysDir, someone)).toBe('load');
    const done = setUp({}, ['ops-xinxi.jwk', '.loaded']);
    expect(await planDemoCity(done.config, done.keysDir, someone)).toBe('skip');
  });

  it('sets aside the keys of an earlier database when this one has nobody in it', async () => {
    const stale = setUp({}, ['ops-xinxi.jwk', '.loaded']);
    expect(await planDemoCity(stale.config, stale.keysDir, nobody)).toBe('load-without-stale-keys');
  });

  it('leaves an external database and production alone unless asked, and obeys DEMO_CITY', async () => {
    const external = setUp({ DATABASE_URL: 'postgres://db.example/hutong' });
    expect(await planDemoCity(external.config, external.keysDir, nobody)).toBe('skip');
    const production = setUp({ NODE_ENV: 'production', SIGNING_KEYS_GENERATE: 'true' });
    expect(await planDemoCity(production.config, production.keysDir, nobody)).toBe('skip');
    const on = setUp({ DEMO_CITY: 'on', DATABASE_URL: 'postgres://db.example/hutong' }, ['ops-xinxi.jwk', '.loaded']);
    expect(await planDemoCity(on.config, on.keysDir, someone)).toBe('load');
    const off = setUp({ DEMO_CITY: 'off' });
    expect(await planDemoCity(off.config, off.keysDir, nobody)).toBe('skip');
    expect(() => setUp({ DEMO_CITY: 'yes' })).toThrow(/DEMO_CITY|auto, on, off/);
  });

  it('refuses DEMO_CITY=on in production: made-up citizens and a well-known operator key', () => {
    expect(() => setUp({ DEMO_CITY: 'on', NODE_ENV: 'production' })).toThrow(/DEMO_CITY=on is refused with NODE_ENV=production/);
  });
});

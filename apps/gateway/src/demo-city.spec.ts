import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadAppConfig } from '@hutong/platform';
import { demoCityWanted } from './demo-city';

describe('whether the gateway loads the demo city at start-up', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  const setUp = (env: Record<string, string>, files: string[] = []) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'demo-city-'));
    dirs.push(dataDir);
    const keysDir = join(dataDir, 'demo-keys');
    mkdirSync(keysDir);
    for (const file of files) writeFileSync(join(keysDir, file), '{}');
    return { config: loadAppConfig({ DATA_DIR: dataDir, ...env }, dataDir), keysDir };
  };
  const nobody = () => Promise.resolve(false);
  const someone = () => Promise.resolve(true);

  it('loads on the first start of the embedded default, and not once somebody has set the database up', async () => {
    const { config, keysDir } = setUp({});
    expect(await demoCityWanted(config, keysDir, nobody)).toBe(true);
    expect(await demoCityWanted(config, keysDir, someone)).toBe(false);
  });

  it('finishes a load an earlier start began, and never loads again once it completed', async () => {
    const begun = setUp({}, ['ops-xinxi.jwk']);
    expect(await demoCityWanted(begun.config, begun.keysDir, someone)).toBe(true);
    const done = setUp({}, ['ops-xinxi.jwk', '.loaded']);
    expect(await demoCityWanted(done.config, done.keysDir, nobody)).toBe(false);
  });

  it('leaves an external database and production alone unless asked, and obeys DEMO_CITY', async () => {
    const external = setUp({ DATABASE_URL: 'postgres://db.example/hutong' });
    expect(await demoCityWanted(external.config, external.keysDir, nobody)).toBe(false);
    const production = setUp({ NODE_ENV: 'production', SIGNING_KEYS_GENERATE: 'true' });
    expect(await demoCityWanted(production.config, production.keysDir, nobody)).toBe(false);
    const on = setUp({ DEMO_CITY: 'on', DATABASE_URL: 'postgres://db.example/hutong' }, ['.loaded']);
    expect(await demoCityWanted(on.config, on.keysDir, someone)).toBe(true);
    const off = setUp({ DEMO_CITY: 'off' });
    expect(await demoCityWanted(off.config, off.keysDir, nobody)).toBe(false);
    expect(() => setUp({ DEMO_CITY: 'yes' })).toThrow(/DEMO_CITY|auto, on, off/);
  });
});

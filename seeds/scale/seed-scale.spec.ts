import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DemoClient } from '../demo/demo-client';
import { DEFAULT_CHUNK_ROWS, ScaleSeedError, checkScaleOptions, seedScale } from './seed-scale';

describe('seedScale: before anything is sent', () => {
  const keysDir = mkdtempSync(join(tmpdir(), 'scale-keys-'));
  afterAll(() => rmSync(keysDir, { recursive: true, force: true }));

  it('refuses counts beyond what stays distinct, bad seeds and chunk sizes, and an empty run', () => {
    const none = { persons: 0, legalPersons: 0, addresses: 0 };
    expect(() => checkScaleOptions({ ...none, persons: 1 }, 1, DEFAULT_CHUNK_ROWS)).not.toThrow();
    expect(() => checkScaleOptions(none, 1, DEFAULT_CHUNK_ROWS)).toThrow(/nothing to load/);
    expect(() => checkScaleOptions({ ...none, persons: 100_000_000 }, 1, DEFAULT_CHUNK_ROWS)).toThrow(
      /--persons must be an integer from 0 to/,
    );
    expect(() => checkScaleOptions({ ...none, addresses: 1 }, 2 ** 32, DEFAULT_CHUNK_ROWS)).toThrow(/--seed/);
    expect(() => checkScaleOptions({ ...none, addresses: 1 }, 1, 0)).toThrow(/--chunk-rows/);
    expect(() => checkScaleOptions({ ...none, legalPersons: 1.5 }, 1, 10)).toThrow(ScaleSeedError);
  });

  it('says to run `seed demo` first when the providers’ keys are not there, and sends nothing', async () => {
    // A URL nothing listens on: the check must come before any request.
    const client = new DemoClient('http://127.0.0.1:9', keysDir);
    await expect(
      seedScale({ client, counts: { persons: 10, legalPersons: 0, addresses: 0 }, seed: 1, chunkRows: 5 }),
    ).rejects.toThrow(/run `npx hutong seed demo` first/);
  });
});

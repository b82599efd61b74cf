import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_CI } from '../../support/ci';
import { accessToken, createOperator } from '../../support/identity-fixtures';
import { RecordingProxy } from '../../support/recording-proxy';
import { consumer } from '../../support/registry-fixtures';
import { DISTRICT_BOXES, grantAddresses, installSpatial, loadCity } from '../../support/spatial-fixtures';
import { useTestGateway } from '../../support/test-gateway';

/**
 * GDAL's OGC API – Features driver (ogrinfo, Debian gdal-bin) against the running gateway, through
 * a recording proxy: the feature count it reports, the bbox it pushes down, the next links it
 * follows. In CI ogrinfo must be there (.ci/run installs it); elsewhere the file runs if it is.
 */
const available = spawnSync('ogrinfo', ['--version'], { stdio: 'ignore' }).status === 0;
if (IN_CI && !available) throw new Error('ogrinfo is not installed: CI must run the GDAL tests (apt-get install gdal-bin).');

const gateway = useTestGateway();
const ADDRESSES = 150;
let proxy: RecordingProxy;
let base: string;
let token: string;

beforeAll(async () => {
  const operator = await accessToken(gateway(), await createOperator(gateway()));
  const spatial = await installSpatial(gateway(), operator);
  await loadCity(gateway(), spatial, ADDRESSES);
  token = (await consumer(gateway(), operator)).token;
  await grantAddresses(gateway(), spatial, token);
  await gateway().app.listen(0, '127.0.0.1');
  proxy = new RecordingProxy((gateway().app.getHttpServer().address() as AddressInfo).port);
  base = `${await proxy.start()}/ogc`;
});

afterAll(async () => {
  await proxy?.stop();
});

/** ogrinfo as a child process — asynchronously: the gateway it talks to runs in this very process. */
async function ogrinfo(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    'ogrinfo',
    ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`, '-ro', ...args],
    { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 ** 2 },
  );
  return stdout;
}

function featureCount(output: string): number {
  return Number(/Feature Count: (\d+)/.exec(output)?.[1]);
}

describe.runIf(available || IN_CI)('GDAL ogrinfo (OAPIF driver)', () => {
  it('lists the collections and counts a collection from numberMatched', async () => {
    const layers = await ogrinfo(`OAPIF:${base}`);
    for (const id of ['divisions', 'addresses', 'parcels', 'service-points']) expect(layers).toContain(id);
    expect(featureCount(await ogrinfo('-so', `OAPIF:${base}`, 'addresses'))).toBe(ADDRESSES);
  });

  it('pushes a spatial filter down to the server as bbox', async () => {
    const district = DISTRICT_BOXES[1];
    proxy.urls.length = 0;
    const output = await ogrinfo(
      '-so',
      '-spat',
      String(district?.west),
      '22.9',
      String(district?.east),
      '23.4',
      `OAPIF:${base}`,
      'addresses',
    );
    expect(featureCount(output)).toBe(ADDRESSES / 3);
    expect(proxy.urls.some((url) => url.startsWith('/ogc/collections/addresses/items?') && url.includes('bbox='))).toBe(true);
  });

  it('reads every feature by following next links', async () => {
    proxy.urls.length = 0;
    const output = await ogrinfo('-al', '-oo', 'PAGE_SIZE=40', `OAPIF:${base}`, 'addresses');
    expect(output.match(/^OGRFeature\(addresses\):/gm)?.length).toBe(ADDRESSES);
    const pages = proxy.urls.filter((url) => url.startsWith('/ogc/collections/addresses/items?') && url.includes('offset='));
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(ADDRESSES / 40) - 1);
    expect(output).toContain('full_address (String)');
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSigningKey, writePrivateKeyFile } from '@hutong/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../apps/cli/src/main';
import { freePort, runHutong } from '../support/processes';

/** The command line as a user meets it: real processes, exit statuses, and what lands on stdout and stderr. */
describe('hutong usage', () => {
  let dir: string;
  let env: Record<string, string>;
  let keyFile: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hutong-cli-usage-'));
    env = { DATA_DIR: join(dir, 'data') };
    keyFile = join(dir, 'ops.jwk');
    await writePrivateKeyFile(keyFile, await generateSigningKey('ES256'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help exits 0 and lists every top-level command', async () => {
    const result = await runHutong(['--help'], env);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const names = buildProgram().commands.map((command) => command.name());
    expect(names.length).toBeGreaterThanOrEqual(9);
    for (const name of names) expect(result.stdout).toMatch(new RegExp(`^ {2}${name}\\b`, 'm'));
  });

  it('an unknown command fails with one line naming it', async () => {
    const result = await runHutong(['frobnicate'], env);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("hutong: unknown command 'frobnicate' (run with --help for usage)\n");
  });

  it('a missing required option fails with one line naming it', async () => {
    const result = await runHutong(['agency', 'create', '--code', '1144010000610728X4', '--name', '广州市公安局'], env);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe("hutong: required option '--level <level>' not specified (run with --help for usage)\n");
  });

  it('token without --key reads only a demo key named by a principal code, never a path', async () => {
    for (const principal of ['../../etc/passwd', '..', 'a/b']) {
      const result = await runHutong(['token', '--principal', principal], env);
      expect(result.code, principal).toBe(1);
      expect(result.stderr).toBe(`hutong: pass --key: ${principal} is not a principal code\n`);
    }
    const missing = await runHutong(['token', '--principal', '11440100MB2C03011N'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^hutong: pass --key <your private key file>: there is no demo key for 11440100MB2C03011N at .*demo-keys\/11440100MB2C03011N\.jwk\n$/,
    );
  });

  it('config check --json prints only JSON on stdout', async () => {
    const result = await runHutong(['config', 'check', '--json'], { ...env, PORT: '3456' });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const config = JSON.parse(result.stdout) as { env: string; dataDir: string; http: { port: number } };
    expect(config).toMatchObject({ env: 'development', dataDir: join(dir, 'data'), http: { port: 3456 } });
  });

  it('config check is human-readable without --json', async () => {
    const result = await runHutong(['config', 'check'], { ...env, PORT: '3456' });
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout) as unknown).toThrow();
    expect(result.stdout).toMatch(/^Configuration is valid:$/m);
    expect(result.stdout).toMatch(/^ {2}http\.port +3456$/m);
  });

  it('a bad setting fails with one line naming the variable', async () => {
    const result = await runHutong(['--json', 'config', 'check'], { ...env, PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^hutong: Invalid configuration: PORT [^\n]*\n$/);
  });

  it('a command that needs the gateway fails with one line naming the URL when nothing listens there', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await runHutong(['agency', 'list', '--url', url, '--as', 'ops-nobody', '--key', keyFile], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^hutong: [^\n]*\n$/);
    expect(result.stderr).toContain(url);
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('keys list with --json: the unreachable gateway (not a guess about the principal) on stderr, stdout empty', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const result = await runHutong(
      ['--json', 'keys', 'list', '--url', url, '--as', 'ops-nobody', '--key', keyFile, '--principal', 'ops-nobody'],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^hutong: cannot reach the gateway at [^\n]*\n$/);
    expect(result.stderr).toContain(url);
  });
});

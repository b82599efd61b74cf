import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { RunningGateway } from '../gateway-process';

const ROOT = resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

async function hutong(gateway: RunningGateway, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'hutong.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...gateway.cliEnv, HUTONG_URL: gateway.url },
  });
  return stdout.trim();
}

/**
 * A fresh operator on the gateway's database and a real access token for it, obtained through
 * the CLI's private_key_jwt exchange, exactly as a user would.
 */
export async function benchOperatorToken(gateway: RunningGateway): Promise<string> {
  const code = `bench-${randomBytes(4).toString('hex')}`;
  const keyFile = join(gateway.cliEnv.DATA_DIR ?? '', `${code}.jwk`);
  await hutong(gateway, ['operator', 'create', '--code', code, '--name', 'benchmark operator', '--key-out', keyFile]);
  return hutong(gateway, ['token', '--principal', code, '--key', keyFile]);
}

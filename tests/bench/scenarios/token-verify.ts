import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Scenario, ScenarioContext } from '../scenario';

const ROOT = resolve(__dirname, '..', '..', '..');
const run = promisify(execFile);

async function hutong(context: ScenarioContext, args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [join(ROOT, 'bin', 'hutong.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...context.gateway.cliEnv, HUTONG_URL: context.gateway.url },
  });
  return stdout.trim();
}

/**
 * The cost of the access guard: an authenticated route that does no work of its own (GET /me/check
 * answers 204 once the guard has passed), called with one real access token obtained through the
 * CLI's private_key_jwt exchange. Unlike the baseline route it is access-logged, as every
 * authenticated call is. Target: ≥ 80 % of the baseline's throughput.
 */
export const tokenVerify: Scenario = {
  name: 'token-verify',
  description: 'GET /me/check with a bearer token (full access guard and access log, no handler work) against GET /health/live',
  async prepare(context) {
    const code = `bench-${randomBytes(4).toString('hex')}`;
    const keyFile = join(context.gateway.cliEnv.DATA_DIR ?? '', `${code}.jwk`);
    await hutong(context, ['operator', 'create', '--code', code, '--name', 'benchmark operator', '--key-out', keyFile]);
    const token = await hutong(context, ['token', '--principal', code, '--key', keyFile]);
    return { label: 'GET /me/check (authenticated)', path: '/me/check', headers: { authorization: `Bearer ${token}` } };
  },
};

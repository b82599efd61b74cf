import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../../support/gateway-process';
import { REPO_ROOT } from '../../support/processes';

/**
 * The README's "Try it" walkthrough, exactly as a newcomer pastes it: its shell blocks are read from
 * README.md and run in one bash session, in order, against a gateway started with the demo city
 * (DEMO_CITY=on: what the first `npm start` does on the embedded database). Each block's output is
 * then judged by what the newcomer is told to look for.
 */
const CITIZEN = '440103195001010008';
const LEGAL_PERSON = '91440103610000008E';
const MINZHENG = '11440100MB2C03011N';
const GONGAN = '11440100MB2C020198';

function walkthroughBlocks(readme: string): string[] {
  const start = readme.indexOf('\n## Try it\n');
  if (start < 0) throw new Error('README.md has no "## Try it" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

const MARK = '::walkthrough-block::';

function runInOneShell(
  blocks: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; outputs: string[]; stderr: string }> {
  // `set -e` stops at the first failing command, as a reader would; every block's output is kept apart.
  const script = ['set -euo pipefail', ...blocks.map((block) => `echo '${MARK}'\n${block}\necho`)].join('\n');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, outputs: stdout.split(`${MARK}\n`).slice(1), stderr });
    });
  });
}

/** Every line of a block's output that is a JSON document, parsed. */
function jsonLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('README "Try it" walkthrough', () => {
  let gateway: GatewayProcess | undefined;
  let run: { code: number | null; outputs: string[]; stderr: string };
  const blocks = walkthroughBlocks(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));

  beforeAll(async () => {
    gateway = await startGatewayProcess('hutong-walkthrough', { env: { DEMO_CITY: 'on' }, readyTimeoutMs: 240_000 });
    run = await runInOneShell(blocks, { HUTONG_URL: gateway.url, DATA_DIR: gateway.env.DATA_DIR ?? '' });
  }, 480_000);

  afterAll(async () => {
    await gateway?.stop();
  });

  const output = (index: number): string => run.outputs[index] ?? '';

  it('has the nine steps the issue asks for, and the first start loaded the demo city and said where to look', () => {
    expect(blocks).toHaveLength(9);
    expect(gateway?.output()).toContain('Demo city ready');
    expect(gateway?.output()).toContain('section "Try it"');
    // Node prints a deprecation on stderr, e.g. pg's for two queries at once on one connection (an index build did that).
    expect(gateway?.output()).not.toContain('DeprecationWarning');
    expect(existsSync(join(gateway?.env.DATA_DIR ?? '', 'demo-keys', `${MINZHENG}.jwk`))).toBe(true);
  });

  it('runs from the first block to the last without a failing command', () => {
    expect(run.code, `${run.stderr}\n${run.outputs.join('\n---\n')}`).toBe(0);
    expect(run.outputs).toHaveLength(blocks.length);
  });

  it('verifies the person and shows the legal person’s unconditional items without a grant', () => {
    expect(jsonLines(output(1))).toEqual([{ result: 'match' }]);
    const [legalPerson] = jsonLines(output(2));
    expect(legalPerson).toMatchObject({ key: LEGAL_PERSON, basis: 'unconditional', grantId: null });
    expect(legalPerson?.record).toHaveProperty('name');
    expect(legalPerson?.record).not.toHaveProperty('registered_capital');
  });

  it('refuses the ungranted item with a 403 that says why, then reads it once the provider approved', () => {
    const [refusal] = jsonLines(output(3));
    expect(refusal).toMatchObject({ status: 403, reason: 'no_grant' });
    expect(String(refusal?.detail)).toContain('request access');
    const request = /^request ([0-9a-f-]{36})$/m.exec(output(4))?.[1];
    expect(request).toBeDefined();
    const [inbox, approval] = jsonLines(output(5));
    expect((inbox?.items as Array<{ id: string; consumer: string }>).map((item) => item.id)).toContain(request);
    expect(approval).toMatchObject({ id: request, state: 'approved', consumer: MINZHENG, provider: GONGAN });
    const [granted] = jsonLines(output(6));
    expect(granted).toMatchObject({ key: CITIZEN, basis: 'grant', record: { name: '王伟', marital_status: '20' } });
  });

  it('delivers the provider’s change on the feed, cut to the granted items', () => {
    const [written, feed] = jsonLines(output(7));
    expect(written).toMatchObject({ key: CITIZEN, outcome: 'updated' });
    const events = feed?.events as Array<{ type: string; subject: string; data: { record: Record<string, unknown> } }>;
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'cn.gov.hutong.registries.person.updated.v1',
      subject: CITIZEN,
      data: { record: { marital_status: '30' } },
    });
    // Only unconditional items and the granted one: the addresses stay with the provider.
    expect(events[0]?.data.record).not.toHaveProperty('household_address');
    expect(events[0]?.data.record).not.toHaveProperty('residence_address');
  });

  it('lets the reviewer find every access to the person — the refusal too — and verify the chain', () => {
    const lines = output(8)
      .split('\n')
      .filter((line) => /^\d{4}-/.test(line));
    const accesses = lines.map((line) => line.split(' ').slice(1));
    expect(accesses).toEqual(
      expect.arrayContaining([
        [MINZHENG, 'POST', '/registries/population/verifications', '200'],
        [MINZHENG, 'GET', '/registries/population/persons/:key', '403'],
        [MINZHENG, 'GET', '/registries/population/persons/:key', '200'],
        [GONGAN, 'PUT', '/registries/population/persons/:key', '200'],
      ]),
    );
    const [verified] = jsonLines(output(8));
    expect(verified).toMatchObject({ ok: true });
    expect(Number(verified?.checked)).toBeGreaterThan(100);
  });
});

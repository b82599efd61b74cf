import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { IN_CI } from './ci';

/**
 * No Kafka broker can be installed here, so the tests start librdkafka's mock cluster through kcat
 * (ARCHITECTURE §7): it speaks the real Kafka protocol on loopback ports. kcat prints the bootstrap
 * servers it chose on stderr and keeps the cluster up while its stdin stays open.
 */
export interface KafkaCluster {
  readonly brokers: string[];
  readonly kind: 'external' | 'mock';
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 15_000;

export function kcatAvailable(): boolean {
  return spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
}

/** The cluster the tests use: KAFKA_BROKERS if set, else a mock cluster, else none (a failure in CI). */
export async function startKafkaForTests(): Promise<KafkaCluster | undefined> {
  const configured = process.env.KAFKA_BROKERS;
  if (configured) return { brokers: configured.split(','), kind: 'external', stop: () => Promise.resolve() };
  if (kcatAvailable()) return startMockCluster();
  if (IN_CI) throw new Error('kcat is not installed: CI must run the Kafka tests (apt-get install kcat).');
  return undefined;
}

export function startMockCluster(brokerCount = 3): Promise<KafkaCluster> {
  const child = spawn(
    'kcat',
    ['-b', '127.0.0.1:1', '-X', `test.mock.num.brokers=${brokerCount}`, '-P', '-t', '__hutong_mock_keepalive'],
    {
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(
      () => fail(new Error(`kcat mock cluster did not start within ${STARTUP_TIMEOUT_MS} ms: ${stderr}`)),
      STARTUP_TIMEOUT_MS,
    );
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`kcat exited with status ${code}: ${stderr}`)));
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /replaced with ([0-9.:,]+)/.exec(stderr);
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ brokers: match[1].split(','), kind: 'mock', stop: () => stopChild(child) });
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.stdin?.end();
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
  });
}

import { Injectable } from '@nestjs/common';

export type CheckStatus = 'up' | 'down';

export interface CheckResult {
  readonly status: CheckStatus;
  readonly latencyMs?: number;
  readonly detail?: Readonly<Record<string, unknown>>;
  readonly error?: string;
}

/** A dependency the gateway cannot serve without (database, Kafka when configured, …). */
export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<Omit<CheckResult, 'latencyMs'>>;
}

export interface ReadinessReport {
  readonly status: 'ready' | 'unavailable' | 'shutting_down';
  readonly checks: Readonly<Record<string, CheckResult>>;
}

const CHECK_TIMEOUT_MS = 2_000;

/**
 * Libraries register their readiness checks here when their module starts; /health/ready runs
 * them all in parallel, each bounded by a timeout so a hung dependency reports "down" rather than
 * hanging the probe. Once shutdown begins the gateway reports itself unavailable so the load
 * balancer stops sending it new work while in-flight requests drain.
 */
@Injectable()
export class HealthRegistry {
  private readonly checks = new Map<string, ReadinessCheck>();
  private shuttingDown = false;

  register(check: ReadinessCheck): void {
    this.checks.set(check.name, check);
  }

  markShuttingDown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async readiness(): Promise<ReadinessReport> {
    const entries = await Promise.all([...this.checks.values()].map(async (c) => [c.name, await runCheck(c)] as const));
    const checks = Object.fromEntries(entries);
    if (this.shuttingDown) return { status: 'shutting_down', checks };
    const allUp = entries.every(([, result]) => result.status === 'up');
    return { status: allUp ? 'ready' : 'unavailable', checks };
  }
}

async function runCheck(check: ReadinessCheck): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Omit<CheckResult, 'latencyMs'>>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'down', error: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([check.check(), timeout]);
    return { ...result, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      status: 'down',
      error: error instanceof Error ? error.message : String(error),
      latencyMs: Math.round(performance.now() - started),
    };
  } finally {
    clearTimeout(timer);
  }
}

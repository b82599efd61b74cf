import autocannon, { type Options } from 'autocannon';

export interface LoadSpec {
  /** Human label, e.g. "GET /health/live". */
  readonly label: string;
  readonly method?: 'GET' | 'POST' | 'PUT';
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Several request shapes, cycled by each connection (for random keys, etc.). */
  readonly requests?: Options['requests'];
}

export interface LoadResult {
  readonly label: string;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly errors: number;
  readonly non2xx: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly warmupSeconds: number;
}

/**
 * Drives one route with autocannon and computes exact latency percentiles from every response
 * time (autocannon's own summary has no p95).
 */
export async function measure(spec: LoadSpec, options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds > 0) await run(spec, options, options.warmupSeconds, []);
  const samples: number[] = [];
  const result = await run(spec, options, options.durationSeconds, samples);
  samples.sort((a, b) => a - b);
  return {
    label: spec.label,
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.total / options.durationSeconds),
    latencyMs: {
      p50: round(percentile(samples, 0.5)),
      p95: round(percentile(samples, 0.95)),
      p99: round(percentile(samples, 0.99)),
      max: round(samples.at(-1) ?? 0),
    },
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function run(spec: LoadSpec, options: LoadOptions, seconds: number, samples: number[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${options.url}${spec.path}`,
        method: spec.method ?? 'GET',
        connections: options.connections,
        duration: seconds,
        ...(spec.headers ? { headers: spec.headers } : {}),
        ...(spec.body ? { body: spec.body } : {}),
        ...(spec.requests ? { requests: spec.requests } : {}),
      },
      (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => samples.push(responseTime));
  });
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * One Prometheus registry per application instance (not prom-client's global one, so tests that
 * build several apps in one process do not collide). Libraries add their own metrics to
 * `registry`; HTTP latency is recorded here because every request passes through the platform.
 */
export class MetricsRegistry {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'hutong_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'] as const,
    // From 1 ms (cached token checks) to 10 s (bulk reads); finer where most requests land.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor(options: { collectProcessMetrics?: boolean } = {}) {
    this.registry.setDefaultLabels({ service: 'hutong-gateway' });
    if (options.collectProcessMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: 'hutong_' });
    }
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    this.httpRequestDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** A gauge whose value is read at scrape time, e.g. connection-pool usage. */
  addCollectedGauge<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect: (gauge: Gauge<L>) => void,
  ): Gauge<L> {
    return new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      collect() {
        collect(this);
      },
    });
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

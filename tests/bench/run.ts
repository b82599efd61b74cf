/**
 * npm run bench -- <scenario> [--duration <s>] [--connections <n>] [--warmup <s>]
 *
 * Starts the gateway in its own process (PostgreSQL at DATABASE_URL, else the embedded one),
 * measures the baseline route and the scenario's route with autocannon from this process, and
 * prints one JSON document: throughput, latency percentiles, errors, the ratio to the baseline,
 * and the gateway's peak memory.
 */
import { parseArgs } from 'node:util';
import { startGateway } from './gateway-process';
import { measure, type LoadOptions } from './measure';
import type { Scenario, ScenarioFixture } from './scenario';
import { auditAppend } from './scenarios/audit-append';
import { baseline } from './scenarios/baseline';
import { datasetQuery } from './scenarios/dataset-query';
import { entitlement } from './scenarios/entitlement';
import { eventLatency } from './scenarios/event-latency';
import { personImport } from './scenarios/person-import';
import { personLookup } from './scenarios/person-lookup';
import { spatialBbox } from './scenarios/spatial-bbox';
import { relayThroughput } from './scenarios/relay-throughput';
import { sdmxQuery } from './scenarios/sdmx-query';
import { tokenVerify } from './scenarios/token-verify';

const SCENARIOS: readonly Scenario[] = [
  baseline,
  tokenVerify,
  auditAppend,
  entitlement,
  relayThroughput,
  eventLatency,
  personLookup,
  spatialBbox,
  sdmxQuery,
  datasetQuery,
  personImport,
];

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '32' },
      warmup: { type: 'string', default: '2' },
    },
  });
  const name = positionals[0];
  const scenario = SCENARIOS.find((s) => s.name === name);
  if (!scenario) {
    process.stderr.write(
      `usage: npm run bench -- <scenario>\nscenarios:\n${SCENARIOS.map((s) => `  ${s.name.padEnd(20)} ${s.description}`).join('\n')}\n`,
    );
    process.exit(2);
  }
  const fixture = scenario.setUp ? await scenario.setUp() : undefined;
  try {
    await runWith(scenario, fixture, values);
  } finally {
    await fixture?.tearDown();
  }
}

async function runWith(
  scenario: Scenario,
  fixture: ScenarioFixture | undefined,
  values: { duration: string; connections: string; warmup: string },
): Promise<void> {
  const gateway = await startGateway({ ...scenario.gatewayEnv, ...fixture?.gatewayEnv });
  try {
    const options: LoadOptions = {
      url: gateway.url,
      connections: Number(values.connections),
      durationSeconds: Number(values.duration),
      warmupSeconds: Number(values.warmup),
    };
    const context = { gateway, options, fixture };
    const spec = await scenario.prepare(context);
    const base = await measure({ label: 'GET /health/live', path: '/health/live' }, options);
    const target = await measure(spec, options);
    const extra = scenario.report ? await scenario.report(context, target) : {};
    const report = {
      scenario: scenario.name,
      description: scenario.description,
      database: gateway.database,
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      load: { connections: options.connections, durationSeconds: options.durationSeconds, warmupSeconds: options.warmupSeconds },
      baseline: base,
      target,
      ratioToBaseline:
        base.requestsPerSecond > 0 ? Math.round((target.requestsPerSecond / base.requestsPerSecond) * 1000) / 1000 : null,
      gatewayPeakRssMiB: await gateway.peakRssMiB(),
      ...extra,
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await gateway.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import type { LoadOptions, LoadResult, LoadSpec } from './measure';
import type { RunningGateway } from './gateway-process';

export interface ScenarioContext {
  readonly gateway: RunningGateway;
  readonly options: LoadOptions;
  /** What the scenario's `setUp` started for it, with the environment the gateway got from it. */
  readonly fixture: ScenarioFixture | undefined;
}

/** Something a scenario runs beside the gateway (e.g. a Kafka cluster), started before it. */
export interface ScenarioFixture {
  /** More environment for the gateway process (e.g. KAFKA_BROKERS). */
  readonly gatewayEnv: Record<string, string>;
  /** Stopped after the gateway. */
  tearDown(): Promise<void>;
}

/**
 * A benchmark scenario: what to load and how. Every scenario is compared with the baseline route
 * (GET /health/live, no work at all) measured in the same run on the same machine, so the ratio
 * means something even on a noisy shared host.
 */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Environment for the gateway process (e.g. feature switches). */
  readonly gatewayEnv?: Record<string, string>;
  /** Starts what the gateway must find when it starts (before `startGateway`). */
  setUp?(): Promise<ScenarioFixture>;
  /** Prepares data and returns the load to apply. */
  prepare(context: ScenarioContext): Promise<LoadSpec>;
  /** Extra figures the scenario reports (e.g. rows/s of an import), after the load. */
  report?(context: ScenarioContext, result: LoadResult): Promise<Record<string, unknown>>;
}

import type { TestProject } from 'vitest/node';
import { prepareTemplate, type DatabaseTemplate } from './database-harness';
import { startKafkaForTests } from './kafka-harness';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplate: DatabaseTemplate;
    kafkaBrokers: string[] | null;
  }
}

/** Runs once per tier: one migrated template database and (when possible) one Kafka cluster. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [database, kafka] = await Promise.all([prepareTemplate(), startKafkaForTests()]);
  project.provide('databaseTemplate', database.template);
  project.provide('kafkaBrokers', kafka?.brokers ?? null);
  return async () => {
    await Promise.allSettled([database.dispose(), kafka?.stop()]);
  };
}

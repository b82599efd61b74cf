import { AppConfig, MetricsRegistry, type Logger } from '@hutong/platform';
import type { DataSource } from 'typeorm';
import { ResourceRepository } from '../resources/resource.repository';
import { Metering } from '../usage/metering';
import { UsageRepository } from '../usage/usage.repository';
import { CatalogChanges } from './catalog-changes';
import { EntitlementService } from './entitlement.service';
import { GrantRepository } from './grant.repository';

export interface StandaloneEntitlements {
  readonly entitlements: EntitlementService;
  /** The same SQL the gateway writes catalog entries with, for tools that prepare data. */
  readonly resources: ResourceRepository;
  close(): Promise<void>;
}

/**
 * The entitlement check wired by hand, outside the gateway's Nest container, for tools that run it
 * against a database directly (the `entitlement` benchmark). It listens for catalog changes like a
 * gateway instance, so its cache behaves as in production.
 */
export async function openStandaloneEntitlements(
  dataSource: DataSource,
  config: AppConfig,
  logger: Logger,
): Promise<StandaloneEntitlements> {
  const changes = new CatalogChanges(config, logger);
  await changes.onApplicationBootstrap();
  const metering = new Metering(new UsageRepository(dataSource), logger);
  const resources = new ResourceRepository(dataSource);
  const entitlements = new EntitlementService(
    resources,
    new GrantRepository(dataSource),
    metering,
    changes,
    new MetricsRegistry({ collectProcessMetrics: false }),
  );
  return {
    entitlements,
    resources,
    async close() {
      await metering.onApplicationShutdown();
      await changes.onApplicationShutdown();
    },
  };
}

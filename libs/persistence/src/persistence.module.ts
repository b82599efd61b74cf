import { Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, HealthRegistry, LOGGER, MetricsRegistry, type Logger } from '@hutong/platform';
import { DataSource } from 'typeorm';
import { Database } from './database';
import { DatabaseReadinessCheck } from './database.readiness';
import type { EntityList } from './data-source.factory';
import { registerPoolMetrics } from './pool-metrics';

export interface PersistenceModuleOptions {
  readonly entities?: EntityList;
  readonly applicationName?: string;
}

/** Closes the pool (and the embedded server) after Nest has stopped taking requests. */
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/**
 * Provides the one `DataSource` (and the `Database` that owns it) to every library. The
 * composition root lists the entities of the libraries it wires.
 */
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceModuleOptions = {}): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      providers: [
        {
          provide: Database,
          inject: [AppConfig, LOGGER, MetricsRegistry, HealthRegistry],
          useFactory: async (config: AppConfig, logger: Logger, metrics: MetricsRegistry, health: HealthRegistry) => {
            const database = await Database.open({
              config,
              logger,
              applicationName: options.applicationName ?? 'hutong-gateway',
              embeddedMode: 'own',
              useSessionRole: true,
              ...(options.entities ? { entities: options.entities } : {}),
            });
            registerPoolMetrics(metrics, database.dataSource, config.database.poolSize);
            health.register(new DatabaseReadinessCheck(database.dataSource));
            return database;
          },
        },
        { provide: DataSource, inject: [Database], useFactory: (database: Database) => database.dataSource },
        DatabaseLifecycle,
      ],
      exports: [Database, DataSource],
    };
  }
}

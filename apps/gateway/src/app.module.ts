import { Module, type DynamicModule } from '@nestjs/common';
import { AuditModule } from '@hutong/audit';
import { CatalogModule } from '@hutong/catalog';
import { DatasetsModule } from '@hutong/datasets';
import { EventContractsModule, EventLogModule, ExchangeModule, KafkaModule } from '@hutong/exchange';
import { IdentityModule } from '@hutong/identity';
import { MACRO_DEFINITIONS, MacroModule } from '@hutong/macro';
import { PersistenceModule } from '@hutong/persistence';
import { PlatformModule, type PlatformDependencies } from '@hutong/platform';
import { RegistriesModule } from '@hutong/registries';
import { SPATIAL_DEFINITIONS, SpatialModule } from '@hutong/spatial';

/** The gateway's composition root: which libraries run, nothing else. */
@Module({})
export class AppModule {
  static register(deps: PlatformDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(deps),
        PersistenceModule.forRoot({ applicationName: 'hutong-gateway' }),
        KafkaModule.forRoot(),
        EventLogModule,
        EventContractsModule,
        IdentityModule.forRoot(),
        AuditModule.forRoot(),
        CatalogModule.forRoot(),
        ExchangeModule.forRoot(),
        RegistriesModule.forRoot({
          definitions: [...SPATIAL_DEFINITIONS, ...MACRO_DEFINITIONS],
          controllers: [...SpatialModule.operationsControllers(), ...MacroModule.operationsControllers()],
        }),
        SpatialModule.forRoot(),
        MacroModule.forRoot(),
        DatasetsModule.forRoot(),
      ],
    };
  }
}

import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { operationsController } from '@hutong/registries';
import { MacroAccess } from './data/macro-access';
import { ObservationRepository } from './data/observation.repository';
import { SeriesService } from './data/series.service';
import { MacroController } from './http/macro.controller';
import { MACRO_INDICATORS } from './registry/indicators.definition';
import { MACRO_OBSERVATIONS } from './registry/observations.definition';
import { SdmxDataService } from './sdmx-rest/sdmx-data.service';
import { SdmxController } from './sdmx-rest/sdmx.controller';

export const MACRO_DEFINITIONS = [MACRO_INDICATORS, MACRO_OBSERVATIONS];

/**
 * The macro-economic base registry (宏观经济): indicators and observations defined on the registry
 * kit (stored, versioned — the versions are the vintages — imported and evented by it), served as
 * SDMX 2.1 REST under `/sdmx/rest` and as plain JSON under `/registries/macro`.
 */
@Module({})
export class MacroModule {
  /** Imports (CSV, SDMX-CSV, NDJSON) and disputes, registered before the `:kind/:key` routes. */
  static operationsControllers(): Type<unknown>[] {
    return [
      operationsController(MACRO_INDICATORS.code, 'registries/macro/indicators'),
      operationsController(MACRO_OBSERVATIONS.code, 'registries/macro/observations'),
    ];
  }

  static forRoot(): DynamicModule {
    return {
      module: MacroModule,
      controllers: [MacroController, SdmxController],
      providers: [ObservationRepository, MacroAccess, SeriesService, SdmxDataService],
    };
  }
}

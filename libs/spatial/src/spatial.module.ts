import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { operationsController } from '@hutong/registries';
import { SPATIAL_COLLECTIONS } from './collections/spatial-collections';
import { FeatureAccess } from './features/feature-access';
import { FeatureRepository } from './features/feature.repository';
import { FeatureService } from './features/feature.service';
import { SpatialServices } from './features/spatial-services';
import { SpatialFeaturesController } from './http/features.controller';
import { SpatialServicesController } from './http/spatial-services.controller';
import { OgcController } from './ogc/ogc.controller';

/**
 * The spatial base registry (空间地理): four collections defined on the registry kit (stored,
 * versioned, imported and evented by it), served as OGC API – Features under `/ogc` and as the
 * locate / nearest / geocode services under `/registries/spatial`.
 */
@Module({})
export class SpatialModule {
  /** Each collection's imports and disputes, at `/registries/spatial/{collection}/…` (registered before the record routes). */
  static operationsControllers(): Type<unknown>[] {
    return SPATIAL_COLLECTIONS.map((collection) =>
      operationsController(collection.definition.code, `registries/spatial/${collection.id}`),
    );
  }

  static forRoot(): DynamicModule {
    return {
      module: SpatialModule,
      controllers: [SpatialServicesController, SpatialFeaturesController, OgcController],
      providers: [FeatureRepository, FeatureAccess, FeatureService, SpatialServices],
    };
  }
}

import { Module, type DynamicModule } from '@nestjs/common';
import { ResourceRepository } from './resources/resource.repository';
import { ResourceSearchService } from './resources/resource-search.service';
import { ResourceService } from './resources/resource.service';
import { ResourcesController } from './resources/resources.controller';

/**
 * The resource-sharing catalog (政务信息资源目录): entries and their lifecycle, search, access
 * requests, grants and the entitlement check every data read and event delivery goes through,
 * usage metering, and the DCAT / CKAN views for harvesters.
 */
@Module({})
export class CatalogModule {
  static forRoot(): DynamicModule {
    return {
      module: CatalogModule,
      global: true,
      controllers: [ResourcesController],
      providers: [ResourceRepository, ResourceService, ResourceSearchService],
      exports: [ResourceService],
    };
  }
}

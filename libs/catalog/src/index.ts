export { CatalogModule } from './catalog.module';
export { CatalogError, CATALOG_PROBLEMS, type CatalogErrorCode } from './catalog.errors';
export * from './resources/resource';
export { ResourceService } from './resources/resource.service';

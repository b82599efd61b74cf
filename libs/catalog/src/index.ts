export { CatalogModule } from './catalog.module';
export { CatalogError, CATALOG_PROBLEMS, type CatalogErrorCode } from './catalog.errors';
export * from './resources/resource';
export { mayKnow, ResourceService } from './resources/resource.service';
export { RevisionChecks, type RevisionCheck } from './resources/revision-checks';
export { CatalogChanges } from './grants/catalog-changes';
export {
  decide,
  DENIAL_REASONS,
  type DenialReason,
  type Entitlement,
  type EntitlementQuestion,
  type EntitlementResource,
} from './grants/entitlement';
export { EntitlementService } from './grants/entitlement.service';
export { maskValue, projectRecord, type RecordValues } from './grants/projection';
export { GrantExpiry } from './grants/grant-expiry';
export { type Grant, type Quota, type RowScope } from './grants/grant';
export { Metering } from './usage/metering';
export { openStandaloneEntitlements, type StandaloneEntitlements } from './grants/standalone-entitlements';
export { CreateResourceDto } from './resources/resource.dto';
export { IsInstant } from './instants';
export { metadataFrom } from './resources/resource-rules';

export { SpatialModule } from './spatial.module';
export {
  SPATIAL_COLLECTIONS,
  SPATIAL_DEFINITIONS,
  collectionById,
  type SpatialCollection,
} from './collections/spatial-collections';
export { SPATIAL_DIVISIONS, DIVISION_LEVELS } from './collections/divisions.definition';
export { SPATIAL_ADDRESSES } from './collections/addresses.definition';
export { SPATIAL_PARCELS } from './collections/parcels.definition';
export { SPATIAL_SERVICE_POINTS, SERVICE_TYPES } from './collections/service-points.definition';
export { CONFORMS_TO } from './ogc/conformance';

import type { SpatialCollection } from '../collections/spatial-collections';
import { SUPPORTED_CRS } from './crs';
import { DEFAULT_LIMIT, MAX_LIMIT } from './items-query';
import { queryablesOf, type Queryable } from './queryables';

type Schema = Record<string, unknown>;

const CORE_ITEMS_PARAMETERS: Schema[] = [
  {
    name: 'limit',
    in: 'query',
    style: 'form',
    explode: false,
    description: `Features per page; larger values are served as ${MAX_LIMIT}.`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
  },
  {
    name: 'offset',
    in: 'query',
    description: 'Features to skip (the next link carries it).',
    schema: { type: 'integer', minimum: 0, default: 0 },
  },
  {
    name: 'bbox',
    in: 'query',
    style: 'form',
    explode: false,
    description: 'Lower-left and upper-right corner, in CRS84 (lon, lat) unless bbox-crs says otherwise.',
    schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
  },
  { name: 'bbox-crs', in: 'query', schema: { type: 'string', format: 'uri', enum: SUPPORTED_CRS.map((crs) => crs.uri) } },
  { name: 'crs', in: 'query', schema: { type: 'string', format: 'uri', enum: SUPPORTED_CRS.map((crs) => crs.uri) } },
  {
    name: 'datetime',
    in: 'query',
    description: 'An RFC 3339 date or date-time, or an interval start/end with .. for an open end.',
    schema: { type: 'string' },
  },
  { name: 'filter', in: 'query', description: 'A CQL2 expression over the queryables.', schema: { type: 'string' } },
  { name: 'filter-lang', in: 'query', schema: { type: 'string', enum: ['cql2-text', 'cql2-json'], default: 'cql2-text' } },
  { name: 'filter-crs', in: 'query', schema: { type: 'string', format: 'uri', enum: SUPPORTED_CRS.map((crs) => crs.uri) } },
  {
    name: 'f',
    in: 'query',
    description: 'Encoding: json (GeoJSON) only.',
    schema: { type: 'string', enum: ['json', 'geojson'] },
  },
];

/**
 * The OpenAPI 3.0 document of the OGC endpoints (the landing page's `service-desc`). Each
 * collection has its own items path that declares every query parameter — the property ones
 * too, because GDAL pushes a `-where` down to the server only for parameters declared here.
 */
export function ogcApiDocument(serverUrl: string, collections: readonly SpatialCollection[]): Schema {
  const paths: Record<string, Schema> = {
    '/': get('Landing page', 'landingPage', [], 'application/json'),
    '/conformance': get('Conformance classes', 'conformance', [], 'application/json'),
    '/api': get('This API definition', 'apiDefinition', [], 'application/vnd.oai.openapi+json;version=3.0'),
    '/collections': get('The feature collections', 'collections', [], 'application/json'),
  };
  for (const collection of collections) {
    const queryables = queryablesOf(collection.definition);
    const base = `/collections/${collection.id}`;
    paths[base] = get(`${collection.title}: metadata`, `describe_${opId(collection.id)}`, [], 'application/json');
    paths[`${base}/queryables`] = get(
      `${collection.title}: queryables`,
      `queryables_${opId(collection.id)}`,
      [],
      'application/schema+json',
    );
    paths[`${base}/items`] = get(
      `${collection.title}: features`,
      `items_${opId(collection.id)}`,
      [...CORE_ITEMS_PARAMETERS, ...propertyParameters(queryables)],
      'application/geo+json',
    );
    paths[`${base}/items/{featureId}`] = get(
      `${collection.title}: one feature`,
      `feature_${opId(collection.id)}`,
      [{ name: 'featureId', in: 'path', required: true, schema: { type: 'string' } }, CORE_ITEMS_PARAMETERS[4] ?? {}],
      'application/geo+json',
    );
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Hutong spatial base registry — OGC API – Features',
      version: '1.0.0',
      description: 'Parts 1 (Core), 2 (CRS) and 3 (Filtering, CQL2). Every request needs a Hutong access token.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}

function propertyParameters(queryables: readonly Queryable[]): Schema[] {
  return queryables
    .filter((queryable) => queryable.type !== 'geometry')
    .map((queryable) => ({
      name: queryable.code,
      in: 'query',
      description: `${queryable.item.name}: features whose ${queryable.code} equals the value`,
      schema: { type: queryable.type === 'integer' ? 'integer' : queryable.type === 'number' ? 'number' : 'string' },
    }));
}

function get(summary: string, operationId: string, parameters: Schema[], type: string): Schema {
  return {
    get: {
      summary,
      operationId,
      parameters,
      responses: {
        '200': { description: summary, content: { [type]: { schema: { type: 'object' } } } },
        '400': { description: 'A parameter is unknown or invalid (application/problem+json)' },
        '403': { description: 'Not granted (application/problem+json)' },
        '404': { description: 'No such collection or feature' },
      },
    },
  };
}

function opId(id: string): string {
  return id.replace(/-/g, '_');
}

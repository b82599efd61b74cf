import { Controller, Get, Headers, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, negotiate, platformProblem, validationProblem } from '@hutong/platform';
import { REGISTRY_READERS } from '@hutong/registries';
import { collectionById, type SpatialCollection } from '../collections/spatial-collections';
import { filterable } from '../features/feature-access';
import { FeatureService } from '../features/feature.service';
import type { Feature, Link } from '../features/feature-views';
import { CONFORMS_TO, GEOJSON, OPENAPI_JSON, QUERYABLES_REL, SCHEMA_JSON } from './conformance';
import { CRS84, parseCrs, STORAGE_CRS, SUPPORTED_CRS, type SupportedCrs } from './crs';
import { ogcApiDocument } from './ogc-api-document';
import { ogcBaseOf, pageLinks } from './links';
import { queryablesSchema } from './queryables';

/**
 * OGC API – Features (Parts 1–3) over the spatial registry, so QGIS, GDAL and web maps read
 * Hutong with no plug-in — behind the same token guard and entitlement check as every other read.
 * JSON only: `Accept: *\/*` gets JSON, an Accept that allows no JSON gets 406.
 */
@ApiTags('ogc: features')
@Controller('ogc')
@Access(REGISTRY_READERS)
export class OgcController {
  constructor(private readonly features: FeatureService) {}

  @Get()
  @ApiOperation({ summary: 'OGC API landing page: links to the API definition, conformance and collections' })
  landing(@Req() request: FastifyRequest, @Headers('accept') accept?: string): Record<string, unknown> {
    acceptJson(accept, ['application/json']);
    const base = ogcBaseOf(request);
    return {
      title: 'Hutong 空间地理基础库 (OGC API – Features)',
      description: '1:2000 base geography: divisions, addresses, land parcels and service points in CGCS2000.',
      links: [
        { href: base, rel: 'self', type: 'application/json', title: 'this document' },
        { href: `${base}/api`, rel: 'service-desc', type: OPENAPI_JSON, title: 'the API definition' },
        { href: `${base}/conformance`, rel: 'conformance', type: 'application/json', title: 'conformance classes' },
        { href: `${base}/collections`, rel: 'data', type: 'application/json', title: 'the collections' },
      ],
    };
  }

  @Get('conformance')
  @ApiOperation({ summary: 'The OGC conformance classes implemented' })
  conformance(@Headers('accept') accept?: string): { conformsTo: string[] } {
    acceptJson(accept, ['application/json']);
    return { conformsTo: [...CONFORMS_TO] };
  }

  @Get('api')
  @ApiOperation({ summary: 'OpenAPI 3.0 document of the OGC endpoints, declaring every query parameter' })
  @ApiProduces(OPENAPI_JSON, 'application/json')
  api(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('accept') accept?: string,
  ): Record<string, unknown> {
    const type = acceptJson(accept, ['application/vnd.oai.openapi+json', 'application/json']);
    void reply.type(type === 'application/json' ? type : OPENAPI_JSON);
    return ogcApiDocument(ogcBaseOf(request), this.features.collections());
  }

  @Get('collections')
  @ApiOperation({ summary: 'The feature collections, with extents (CRS84) and supported CRSs' })
  async collections(
    @Req() request: FastifyRequest,
    @CurrentCaller() caller: Caller,
    @Headers('accept') accept?: string,
  ): Promise<Record<string, unknown>> {
    acceptJson(accept, ['application/json']);
    const base = ogcBaseOf(request);
    const collections = await Promise.all(
      this.features.collections().map((collection) => this.describe(base, collection, caller)),
    );
    return {
      links: [{ href: `${base}/collections`, rel: 'self', type: 'application/json', title: 'this document' }],
      collections,
      crs: SUPPORTED_CRS.map((crs) => crs.uri),
    };
  }

  @Get('collections/:collectionId')
  @ApiOperation({ summary: 'One collection: extent, item type, CRSs and links' })
  async collection(
    @Param('collectionId') collectionId: string,
    @Req() request: FastifyRequest,
    @CurrentCaller() caller: Caller,
    @Headers('accept') accept?: string,
  ): Promise<Record<string, unknown>> {
    acceptJson(accept, ['application/json']);
    return this.describe(ogcBaseOf(request), knownCollection(collectionId), caller);
  }

  @Get('collections/:collectionId/queryables')
  @ApiOperation({ summary: 'The properties a filter may use (JSON Schema), limited to those you may read' })
  @ApiProduces(SCHEMA_JSON, 'application/json')
  async queryables(
    @Param('collectionId') collectionId: string,
    @Req() request: FastifyRequest,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('accept') accept?: string,
  ): Promise<Record<string, unknown>> {
    void reply.type(acceptJson(accept, [SCHEMA_JSON, 'application/json']));
    const access = await this.features.queryables(caller, collectionId);
    const readable = access.queryables.filter((queryable) => filterable(access, queryable.code));
    const id = `${ogcBaseOf(request)}/collections/${collectionId}/queryables`;
    return queryablesSchema(access.collection.title, id, readable);
  }

  @Get('collections/:collectionId/items')
  @ApiOperation({
    summary:
      'Features (GeoJSON): limit, offset, bbox, bbox-crs, crs, datetime, CQL2 filter, property = value; paged by next links',
  })
  @ApiProduces(GEOJSON, 'application/json')
  async items(
    @Param('collectionId') collectionId: string,
    @Req() request: FastifyRequest,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('accept') accept?: string,
  ): Promise<string> {
    const type = acceptJson(accept, [GEOJSON, 'application/json']);
    const page = await this.features.items(caller, collectionId, queryOf(request));
    void reply.type(type).header('content-crs', `<${page.query.crs.uri}>`);
    const links = [
      ...pageLinks(request, `/collections/${collectionId}/items`, {
        offset: page.query.offset,
        limit: page.query.limit,
        returned: page.numberReturned,
        matched: page.numberMatched,
      }),
      { href: `${ogcBaseOf(request)}/collections/${collectionId}`, rel: 'collection', type: 'application/json' },
    ];
    const head = JSON.stringify({
      type: 'FeatureCollection',
      numberMatched: page.numberMatched,
      numberReturned: page.numberReturned,
      timeStamp: new Date().toISOString(),
      links,
    });
    // The features arrive as GeoJSON text from PostgreSQL: spliced in, not parsed and serialised again.
    return `${head.slice(0, -1)},"features":[${page.features.join(',')}]}`;
  }

  @Get('collections/:collectionId/items/:featureId')
  @ApiOperation({ summary: 'One feature (GeoJSON); crs selects the output CRS' })
  @ApiProduces(GEOJSON, 'application/json')
  async item(
    @Param('collectionId') collectionId: string,
    @Param('featureId') featureId: string,
    @Req() request: FastifyRequest,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('accept') accept?: string,
  ): Promise<Feature & { links: Link[] }> {
    const type = acceptJson(accept, [GEOJSON, 'application/json']);
    const crs = crsOfFeatureQuery(queryOf(request));
    const feature = await this.features.item(caller, collectionId, featureId, crs);
    void reply.type(type).header('content-crs', `<${crs.uri}>`);
    const base = `${ogcBaseOf(request)}/collections/${collectionId}`;
    return {
      ...feature,
      links: [
        { href: `${base}/items/${encodeURIComponent(featureId)}`, rel: 'self', type: GEOJSON },
        { href: base, rel: 'collection', type: 'application/json' },
      ],
    };
  }

  private async describe(base: string, collection: SpatialCollection, caller: Caller): Promise<Record<string, unknown>> {
    const extent = await this.features.extentFor(caller, collection);
    const href = `${base}/collections/${collection.id}`;
    return {
      id: collection.id,
      title: collection.title,
      description: collection.description,
      itemType: 'feature',
      // Only what the caller may see: no extent for a collection it may not read.
      ...(extent?.bbox
        ? {
            extent: {
              spatial: { bbox: [extent.bbox], crs: CRS84.uri },
              temporal: {
                interval: [extent.interval.map((date) => (date === null ? null : `${date}T00:00:00+08:00`))],
                trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian',
              },
            },
          }
        : {}),
      crs: SUPPORTED_CRS.map((crs) => crs.uri),
      storageCrs: STORAGE_CRS.uri,
      links: [
        { href, rel: 'self', type: 'application/json', title: collection.title },
        { href: `${href}/items`, rel: 'items', type: GEOJSON, title: 'features' },
        { href: `${href}/queryables`, rel: QUERYABLES_REL, type: SCHEMA_JSON, title: 'queryables' },
      ],
    };
  }
}

function knownCollection(id: string): SpatialCollection {
  const collection = collectionById(id);
  if (!collection) throw platformProblem('not-found', `There is no collection ${id}.`);
  return collection;
}

/** The JSON type to answer with, or 406 when the Accept header allows none of them. */
function acceptJson(accept: string | undefined, offered: readonly string[]): string {
  const type = negotiate(accept, offered);
  if (type === undefined) throw platformProblem('not-acceptable', `Served as ${offered.join(' or ')} only.`);
  return type;
}

function queryOf(request: FastifyRequest): Readonly<Record<string, unknown>> {
  return typeof request.query === 'object' && request.query !== null ? (request.query as Record<string, unknown>) : {};
}

/** A single feature takes `crs` (and `f=json`) only. */
function crsOfFeatureQuery(query: Readonly<Record<string, unknown>>): SupportedCrs {
  const unknown = Object.keys(query).filter((name) => name !== 'crs' && name !== 'f');
  if (unknown.length > 0) {
    throw validationProblem(unknown.map((field) => ({ field, rule: 'unknown_parameter', message: 'a feature takes crs only' })));
  }
  const crs = query.crs;
  if (crs === undefined) return CRS84;
  if (typeof crs !== 'string') throw validationProblem([{ field: 'crs', rule: 'repeated', message: 'give crs once' }]);
  return parseCrs(crs, 'crs');
}

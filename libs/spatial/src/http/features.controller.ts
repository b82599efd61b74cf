import { Body, Controller, Delete, Headers, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, Consumes, notFound, parseIfMatch, validationProblem } from '@hutong/platform';
import {
  CancelQueryDto,
  DisputeDto,
  DisputeService,
  featureRow,
  REGISTRY_READERS,
  REGISTRY_WRITERS,
  RegistryRecordService,
  writeReply,
  type Dispute,
  type WriteResult,
} from '@hutong/registries';
import { FEATURE_GROUP } from '../collections/spatial-definition';
import { collectionById, type SpatialCollection } from '../collections/spatial-collections';
import { jsonBodyOf } from './json-body';

/**
 * Provider writes of single features: a GeoJSON Feature per PUT (validated like an import row:
 * item types, geometry type, CRS bounds and ST_IsValid), If-Match for optimistic concurrency,
 * DELETE retires the feature. Bulk loads go through `/registries/spatial/{collection}/imports`.
 */
@ApiTags('registries: spatial')
@Controller('registries/spatial')
export class SpatialFeaturesController {
  constructor(
    private readonly writes: RegistryRecordService,
    private readonly disputes: DisputeService,
  ) {}

  @Put(':collectionId/features/:featureId')
  @Access(REGISTRY_WRITERS)
  @Consumes('application/json', 'application/geo+json')
  @ApiConsumes('application/json', 'application/geo+json')
  @ApiBody({ description: 'A GeoJSON Feature: geometry in CGCS2000 lon/lat, properties = the collection items' })
  @ApiOperation({ summary: 'Create or replace a feature (provider); 201 when new; If-Match with the version read' })
  async put(
    @Param('collectionId') collectionId: string,
    @Param('featureId') featureId: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResult> {
    const collection = knownCollection(collectionId);
    const feature = await jsonBodyOf(body);
    const values = itemValuesOf(collection, featureId, feature);
    const result = await this.writes.put(
      caller,
      collection.definition.code,
      featureId,
      { groups: { [FEATURE_GROUP]: values } },
      parseIfMatch(ifMatch),
      '',
    );
    return writeReply(result, `/ogc/collections/${collectionId}/items/${encodeURIComponent(result.key)}`, reply);
  }

  @Post(':collectionId/features/:featureId/disputes')
  @Access(REGISTRY_READERS)
  @ApiOperation({
    summary: 'File a data-quality dispute (疑义) on an item of a feature you read; the provider resolves it',
  })
  dispute(
    @Param('collectionId') collectionId: string,
    @Param('featureId') featureId: string,
    @Body() body: DisputeDto,
    @CurrentCaller() caller: Caller,
  ): Promise<Dispute> {
    return this.disputes.file(caller, knownCollection(collectionId).definition.code, featureId, body);
  }

  @Delete(':collectionId/features/:featureId')
  @Access(REGISTRY_WRITERS)
  @ApiOperation({ summary: 'Retire a feature (provider): logical — status retired, history keeps every version' })
  async retire(
    @Param('collectionId') collectionId: string,
    @Param('featureId') featureId: string,
    @Query() query: CancelQueryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResult> {
    const collection = knownCollection(collectionId);
    const result = await this.writes.cancel(caller, collection.definition.code, featureId, query.reason, parseIfMatch(ifMatch));
    return writeReply(result, '', reply);
  }
}

function knownCollection(id: string): SpatialCollection {
  const collection = collectionById(id);
  if (!collection) throw notFound(`There is no spatial collection ${id}.`);
  return collection;
}

/** The Feature's items (everything but the key, which is the path's). */
function itemValuesOf(collection: SpatialCollection, featureId: string, feature: unknown): Record<string, unknown> {
  if (
    typeof feature !== 'object' ||
    feature === null ||
    Array.isArray(feature) ||
    !('type' in feature) ||
    feature.type !== 'Feature'
  ) {
    throw validationProblem([{ field: 'type', rule: 'feature', message: 'send one GeoJSON Feature' }]);
  }
  const flat = featureRow(collection.definition, feature);
  if (!flat.ok) throw validationProblem(flat.violations);
  const { [collection.definition.keyItem]: key, ...values } = flat.values;
  if (key !== undefined && key !== featureId) {
    throw validationProblem([
      { field: 'id', rule: 'key_mismatch', message: `the feature's id must be ${featureId}, as in the path` },
    ]);
  }
  return values;
}

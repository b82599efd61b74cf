import { Readable } from 'node:stream';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, BULK_MEDIA_TYPES, Consumes, etagOf, parseIfMatch, validationProblem } from '@hutong/platform';
import {
  importFormatOf,
  REGISTRY_READERS,
  REGISTRY_WRITERS,
  writeReply,
  type RegistryImport,
  type RowError,
  type VersionView,
  type WriteResult,
} from '@hutong/registries';
import { DatasetReadService, type DatasetBatch, type DatasetPage, type DatasetRecordView } from '../query/dataset-read.service';
import { DatasetWriteService } from '../records/dataset-write.service';
import {
  BatchDto,
  DatasetParams,
  ImportErrorsQueryDto,
  ImportParams,
  ImportQueryDto,
  itemList,
  MajorQueryDto,
  RecordParams,
  RecordQueryDto,
  RecordReadDto,
  RecordWriteDto,
  WithdrawQueryDto,
} from './dataset.dto';

/**
 * The publish API (provider: PUT, DELETE, imports) and query API (consumers, through the
 * entitlement check: by key, batch, filter) of every dataset — one controller for all of them;
 * the dataset's schema comes from its catalog entry at request time.
 */
@ApiTags('datasets')
@Controller('agencies/:agency/datasets/:dataset')
export class DatasetRecordsController {
  constructor(
    private readonly reads: DatasetReadService,
    private readonly writes: DatasetWriteService,
  ) {}

  @Put('records/:key')
  @Access(REGISTRY_WRITERS)
  @ApiOperation({
    summary:
      'Create or replace a record (provider only), checked against the schema; If-Match: the ETag read. Composed keys join their parts with ~',
  })
  async put(
    @Param() params: RecordParams,
    @Query() query: MajorQueryDto,
    @Body() body: RecordWriteDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResult> {
    const result = await this.writes.put(
      caller,
      params.agency,
      params.dataset,
      params.key,
      body,
      parseIfMatch(ifMatch),
      query.version,
    );
    return writeReply(
      result,
      `/agencies/${params.agency}/datasets/${params.dataset}/records/${encodeURIComponent(result.key)}`,
      reply,
    );
  }

  @Delete('records/:key')
  @Access(REGISTRY_WRITERS)
  @ApiOperation({ summary: 'Withdraw a record (provider only): logical — it leaves queries, its history stays' })
  async withdraw(
    @Param() params: RecordParams,
    @Query() query: WithdrawQueryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResult> {
    const result = await this.writes.withdraw(
      caller,
      params.agency,
      params.dataset,
      params.key,
      query.reason,
      parseIfMatch(ifMatch),
      query.version,
    );
    return writeReply(result, '', reply);
  }

  @Get('records/:key')
  @Access(REGISTRY_READERS)
  @ApiOperation({ summary: 'A record, projected to the items you are granted (asOf: as it stood then)' })
  async get(
    @Param() params: RecordParams,
    @Query() query: RecordReadDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DatasetRecordView> {
    const items = itemList(query.items);
    const view = await this.reads.get(caller, params.agency, params.dataset, params.key, {
      ...(query.version !== undefined ? { major: query.version } : {}),
      ...(items ? { items } : {}),
      ...(query.asOf ? { asOf: new Date(query.asOf) } : {}),
    });
    void reply.header('etag', etagOf(view.version));
    return view;
  }

  @Get('records/:key/history')
  @Access(REGISTRY_READERS)
  @ApiOperation({ summary: 'Every version of a record, newest first, each projected to your grant' })
  history(
    @Param() params: RecordParams,
    @Query() query: MajorQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ key: string; versions: VersionView[] }> {
    return this.reads.history(caller, params.agency, params.dataset, params.key, query.version);
  }

  @Post('records/batch')
  @HttpCode(200)
  @Access(REGISTRY_READERS)
  @ApiOperation({ summary: 'Up to 1 000 records by key (keys in the body, not the URL); asOf reads them as they stood then' })
  batch(
    @Param() params: DatasetParams,
    @Query() query: MajorQueryDto,
    @Body() body: BatchDto,
    @CurrentCaller() caller: Caller,
  ): Promise<DatasetBatch> {
    return this.reads.batch(caller, params.agency, params.dataset, body.keys, {
      ...(query.version !== undefined ? { major: query.version } : {}),
      ...(body.items ? { items: body.items } : {}),
      ...(body.asOf ? { asOf: new Date(body.asOf) } : {}),
    });
  }

  @Get('records')
  @Access(REGISTRY_READERS)
  @ApiOperation({
    summary:
      'Records matching a filter on indexed items (eq, lt, le, gt, ge, sw, in; joined by and), sorted by an indexed item or the key, a page at a time (cursor); asOf reads the past',
  })
  query(@Param() params: DatasetParams, @Query() query: RecordQueryDto, @CurrentCaller() caller: Caller): Promise<DatasetPage> {
    const items = itemList(query.items);
    return this.reads.query(caller, params.agency, params.dataset, {
      ...(query.version !== undefined ? { major: query.version } : {}),
      ...(items ? { items } : {}),
      ...(query.asOf ? { asOf: new Date(query.asOf) } : {}),
      ...(query.filter !== undefined ? { filter: query.filter } : {}),
      ...(query.sort !== undefined ? { sort: query.sort } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
      limit: query.limit ?? 100,
    });
  }

  @Post('imports')
  @Access(REGISTRY_WRITERS)
  @Consumes(...BULK_MEDIA_TYPES)
  @ApiConsumes(...BULK_MEDIA_TYPES)
  @ApiOperation({
    summary:
      'Bulk import (provider): NDJSON or CSV, one record per row, streamed; per-row errors; 202 with the import to poll, 200 if this file was imported before',
  })
  async startImport(
    @Param() params: DatasetParams,
    @Query() query: ImportQueryDto,
    @Req() request: FastifyRequest,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RegistryImport> {
    const format = importFormatOf(request.headers['content-type']);
    if (!(request.body instanceof Readable)) {
      throw validationProblem([{ field: 'body', rule: 'required', message: 'send the file as the request body' }]);
    }
    const started = await this.writes.startImport(
      caller,
      params.agency,
      params.dataset,
      format,
      request.body,
      query.reason ?? null,
      query.version,
    );
    const location = `/agencies/${params.agency}/datasets/${params.dataset}/imports/${started.entry.id}`;
    void reply.status(started.duplicate ? 200 : 202).header('location', location);
    return started.entry;
  }

  @Get('imports/:id')
  @Access(REGISTRY_WRITERS)
  @ApiOperation({ summary: 'An import: state, progress and counts (created, updated, unchanged, rejected)' })
  getImport(
    @Param() params: ImportParams,
    @Query() query: MajorQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<RegistryImport> {
    return this.writes.importOf(caller, params.agency, params.dataset, params.id, query.version);
  }

  @Get('imports/:id/errors')
  @Access(REGISTRY_WRITERS)
  @ApiProduces('application/json')
  @ApiOperation({ summary: 'The per-row error report of an import: line, field (the item), rule, message' })
  async importErrors(
    @Param() params: ImportParams,
    @Query() query: ImportErrorsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ errors: RowError[] }> {
    const errors = await this.writes.importErrors(
      caller,
      params.agency,
      params.dataset,
      params.id,
      query.afterLine ?? 0,
      query.limit ?? 100_000,
      query.version,
    );
    return { errors };
  }
}

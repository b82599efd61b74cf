import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Put, Query, Res, type Type } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, createValidationPipe, parseIfMatch } from '@hutong/platform';
import type { Dispute } from '../disputes/dispute';
import { DisputeService } from '../disputes/dispute.service';
import { REGISTRY_READERS, REGISTRY_WRITERS } from './registry-access';
import { withRecordEtag, writeReply } from './record-routes';
import type { RecordView, VersionView } from './record-views';
import {
  BatchLookupDto,
  CancelQueryDto,
  cursorKey,
  DisputeDto,
  itemList,
  RecordReadQueryDto,
  RecordWriteDto,
} from './registry.dto';
import { RegistryReader, type BatchResult, type RecordPage, type SearchFilters } from './registry-reader';
import { RegistryRecordService, type WriteResult } from './registry-record.service';
import { RegistryVerifier, type VerificationResult } from './registry-verifier';

/** What differs between registries' record routes: where they live, and their search and verification inputs. */
export interface RecordRoutesSpec<
  Search extends { items?: string; limit?: number; cursor?: string },
  Verification extends object,
> {
  readonly registry: string;
  /** e.g. `registries/population`. */
  readonly basePath: string;
  /** e.g. `persons` (records at `…/persons/{key}`), or '' (records at `…/{key}`). */
  readonly recordsPath: string;
  readonly noun: string;
  readonly searchDto: Type<Search>;
  readonly verificationDto: Type<Verification>;
  readonly searchFilters: (query: Search) => Pick<SearchFilters, 'name' | 'divisionCode' | 'equals'>;
  readonly searchSummary: string;
  readonly verificationSummary: string;
}

/**
 * The record routes of one registry — write, cancel, read, history, batch, search, verification,
 * dispute — as a controller class. Every registry's routes are the same shape over the kit's
 * services; only paths and the search and verification inputs differ.
 */
export function recordsController<S extends { items?: string; limit?: number; cursor?: string }, V extends object>(
  spec: RecordRoutesSpec<S, V>,
): Type<unknown> {
  const { registry, noun } = spec;
  const one = spec.recordsPath === '' ? ':key' : `${spec.recordsPath}/:key`;
  const many = spec.recordsPath;
  const prefix = many === '' ? '' : `${many}/`;

  @ApiTags(`registries: ${registry}`)
  @Controller(spec.basePath)
  class RecordsController {
    constructor(
      readonly reader: RegistryReader,
      readonly writes: RegistryRecordService,
      readonly verifier: RegistryVerifier,
      readonly disputes: DisputeService,
    ) {}

    @Put(one)
    @Access(REGISTRY_WRITERS)
    @ApiOperation({
      summary: `Register or update a ${noun} by attribute group (provider; contributors for their groups); If-Match: the ETag read`,
    })
    async put(
      @Param('key') key: string,
      @Body() body: RecordWriteDto,
      @Headers('if-match') ifMatch: string | undefined,
      @CurrentCaller() caller: Caller,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<WriteResult> {
      const result = await this.writes.put(caller, registry, key, body, parseIfMatch(ifMatch));
      return writeReply(result, `/${spec.basePath}/${prefix}${result.key}`, reply);
    }

    @Delete(one)
    @Access(REGISTRY_WRITERS)
    @ApiOperation({ summary: `Cancel (注销) a ${noun}: logical — the status changes, history keeps every version` })
    async cancel(
      @Param('key') key: string,
      @Query() query: CancelQueryDto,
      @Headers('if-match') ifMatch: string | undefined,
      @CurrentCaller() caller: Caller,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<WriteResult> {
      return writeReply(await this.writes.cancel(caller, registry, key, query.reason, parseIfMatch(ifMatch)), '', reply);
    }

    @Get(one)
    @Access(REGISTRY_READERS)
    @ApiOperation({ summary: `A ${noun}, projected to the items you are granted (asOf: as the registry stood then)` })
    async get(
      @Param('key') key: string,
      @Query() query: RecordReadQueryDto,
      @CurrentCaller() caller: Caller,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<RecordView> {
      const items = itemList(query.items);
      const options = { ...(items ? { items } : {}), ...(query.asOf ? { asOf: new Date(query.asOf) } : {}) };
      return withRecordEtag(await this.reader.get(caller, registry, key, options), reply);
    }

    @Get(`${one}/history`)
    @Access(REGISTRY_READERS)
    @ApiOperation({ summary: `Every version of a ${noun}, newest first, with who, when and why — each projected to your grant` })
    history(@Param('key') key: string, @CurrentCaller() caller: Caller): Promise<{ key: string; versions: VersionView[] }> {
      return this.reader.history(caller, registry, key);
    }

    @Post(`${prefix}batch`)
    @HttpCode(200)
    @Access(REGISTRY_READERS)
    @ApiOperation({ summary: `Look up to 1 000 ${noun} records by key (keys in the body, not the URL)` })
    batch(@Body() body: BatchLookupDto, @CurrentCaller() caller: Caller): Promise<BatchResult> {
      return this.reader.batch(caller, registry, body.keys, body.items);
    }

    @Get(many)
    @Access(REGISTRY_READERS)
    @ApiQuery({ type: spec.searchDto })
    @ApiOperation({ summary: spec.searchSummary })
    search(@Query(createValidationPipe(spec.searchDto)) query: S, @CurrentCaller() caller: Caller): Promise<RecordPage> {
      const items = itemList(query.items);
      const after = cursorKey(query.cursor);
      return this.reader.search(caller, registry, {
        ...spec.searchFilters(query),
        ...(items ? { items } : {}),
        ...(after !== undefined ? { after } : {}),
        limit: query.limit ?? 20,
      });
    }

    @Post('verifications')
    @HttpCode(200)
    @Access(REGISTRY_READERS)
    @ApiBody({ type: spec.verificationDto })
    @ApiOperation({ summary: spec.verificationSummary })
    verify(
      @Body(createValidationPipe(spec.verificationDto)) body: V,
      @CurrentCaller() caller: Caller,
    ): Promise<{ result: VerificationResult }> {
      return this.verifier.verify(caller, registry, Object.fromEntries(Object.entries(body)));
    }

    @Post(`${one}/disputes`)
    @Access(REGISTRY_READERS)
    @ApiOperation({
      summary: `File a data-quality dispute (疑义) on an item of a ${noun} you read; the record is flagged until resolved`,
    })
    dispute(@Param('key') key: string, @Body() body: DisputeDto, @CurrentCaller() caller: Caller): Promise<Dispute> {
      return this.disputes.file(caller, registry, key, body);
    }
  }
  Object.defineProperty(RecordsController, 'name', {
    value: `${registry.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}RecordsController`,
  });
  return RecordsController;
}

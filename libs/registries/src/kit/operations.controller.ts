import { Readable } from 'node:stream';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req, Res, type Type } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, BULK_MEDIA_TYPES, Consumes, validationProblem } from '@hutong/platform';
import type { Dispute } from '../disputes/dispute';
import { DisputeService } from '../disputes/dispute.service';
import { REGISTRY_READERS, REGISTRY_WRITERS } from './registry-access';
import { ImportService, importFormatOf } from '../imports/import.service';
import type { RegistryImport, RowError } from '../imports/registry-import';
import { DisputeQueryDto, DisputeResolutionDto, ImportErrorsQueryDto, ImportQueryDto } from './registry.dto';

/**
 * A registry's bulk imports and disputes, under its own static path (`/registries/population/imports`),
 * so they never collide with record routes such as `/registries/legal-persons/{code}`.
 */
export function operationsController(registry: string, basePath = `registries/${registry}`): Type<unknown> {
  @ApiTags(`registries: ${registry}`)
  @Controller(basePath)
  class OperationsController {
    constructor(
      readonly imports: ImportService,
      readonly disputes: DisputeService,
    ) {}

    @Post('imports')
    @Access(REGISTRY_WRITERS)
    @Consumes(...BULK_MEDIA_TYPES)
    @ApiConsumes(...BULK_MEDIA_TYPES)
    @ApiOperation({
      summary: `Bulk import into ${registry}: NDJSON or CSV (UTF-8; GeoJSON for spatial registries), streamed; 202 with the import to poll, 200 if this file was imported before`,
    })
    async startImport(
      @Req() request: FastifyRequest,
      @Query() query: ImportQueryDto,
      @CurrentCaller() caller: Caller,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<RegistryImport> {
      const format = importFormatOf(request.headers['content-type']);
      if (!(request.body instanceof Readable)) {
        throw validationProblem([{ field: 'body', rule: 'required', message: 'send the file as the request body' }]);
      }
      const started = await this.imports.start(caller, registry, format, request.body, query.reason ?? null);
      void reply.status(started.duplicate ? 200 : 202).header('location', `/${basePath}/imports/${started.entry.id}`);
      return started.entry;
    }

    @Get('imports/:id')
    @Access(REGISTRY_WRITERS)
    @ApiOperation({ summary: 'An import: state, progress and counts (created, updated, unchanged, rejected)' })
    getImport(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller): Promise<RegistryImport> {
      return this.imports.get(caller, registry, id);
    }

    @Get('imports/:id/errors')
    @Access(REGISTRY_WRITERS)
    @ApiProduces('application/json', 'text/csv')
    @ApiOperation({ summary: 'The per-row error report (line, field, rule, message); Accept: text/csv downloads it as CSV' })
    async importErrors(
      @Param('id', ParseUUIDPipe) id: string,
      @Query() query: ImportErrorsQueryDto,
      @Req() request: FastifyRequest,
      @CurrentCaller() caller: Caller,
      @Res({ passthrough: true }) reply: FastifyReply,
    ): Promise<{ errors: RowError[] } | string> {
      const errors = await this.imports.errors(caller, registry, id, query.afterLine ?? 0, query.limit ?? 100_000);
      if (!(request.headers.accept ?? '').includes('text/csv')) return { errors };
      void reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="import-${id}-errors.csv"`);
      return (
        ['line,field,rule,message', ...errors.map((e) => [e.line, e.field, e.rule, e.message].map(csvCell).join(','))].join(
          '\n',
        ) + '\n'
      );
    }

    @Get('disputes')
    @Access(REGISTRY_READERS)
    @ApiOperation({ summary: 'Disputes: all of the registry for its provider and contributors, your own otherwise' })
    async listDisputes(@Query() query: DisputeQueryDto, @CurrentCaller() caller: Caller): Promise<{ items: Dispute[] }> {
      const filter = { ...(query.state ? { state: query.state } : {}), limit: query.limit ?? 50, offset: query.offset ?? 0 };
      return { items: await this.disputes.list(caller, registry, filter) };
    }

    @Get('disputes/:id')
    @Access(REGISTRY_READERS)
    @ApiOperation({ summary: 'One dispute: yours, or any of the registry for its provider and contributors' })
    getDispute(@Param('id', ParseUUIDPipe) id: string, @CurrentCaller() caller: Caller): Promise<Dispute> {
      return this.disputes.get(caller, registry, id);
    }

    @Post('disputes/:id/resolution')
    @Access(REGISTRY_WRITERS)
    @ApiOperation({ summary: "Resolve a dispute (the provider, or the item's contributor): corrected or rejected, with a note" })
    resolveDispute(
      @Param('id', ParseUUIDPipe) id: string,
      @Body() body: DisputeResolutionDto,
      @CurrentCaller() caller: Caller,
    ): Promise<Dispute> {
      return this.disputes.resolve(caller, registry, id, body);
    }
  }
  Object.defineProperty(OperationsController, 'name', {
    value: `${registry.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase())}OperationsController`,
  });
  return OperationsController;
}

/** RFC 4180: quote a cell that holds a comma, quote or line break; a leading = + - @ is neutralised against CSV injection. */
function csvCell(value: unknown): string {
  let text = String(value);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

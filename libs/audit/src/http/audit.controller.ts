import { Readable } from 'node:stream';
import { Controller, Get, Header, HttpCode, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Access } from '@hutong/platform';
import { AuditVerifier } from '../checkpoints/audit-verifier';
import { AuditRepository } from '../store/audit.repository';
import { AuditKeys } from '../keys/audit-keys';
import { AuditAlerts, DEFAULT_THRESHOLDS } from './audit-alerts';
import { AuditQueries } from './audit-queries';
import {
  AlertDto,
  AlertQueryDto,
  CheckpointDto,
  EntryPageDto,
  EntryQueryDto,
  ExportQueryDto,
  SeqRangeDto,
  StatsRowDto,
  VerificationDto,
} from './audit.dto';
import { exportLines } from './audit-export';

const DEFAULT_PAGE = 100;

@ApiTags('audit')
@Access({ kinds: ['reviewer'], scopes: ['audit'] })
@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: AuditQueries,
    private readonly verifier: AuditVerifier,
    private readonly repository: AuditRepository,
    private readonly keys: AuditKeys,
    private readonly alertRules: AuditAlerts,
  ) {}

  @Get('entries')
  @ApiOperation({
    summary: 'Search the access log (by time, principal, key, action, outcome, resource, or the clear ID of a subject)',
  })
  @ApiOkResponse({ type: EntryPageDto })
  entries(@Query() query: EntryQueryDto): Promise<EntryPageDto> {
    return this.queries.entries({
      ...query,
      limit: query.limit ?? DEFAULT_PAGE,
      ...(query.cursor ? { afterSeq: query.cursor } : {}),
    });
  }

  @Get('entries/export')
  @ApiOperation({
    summary: 'Export a range of the log with its checkpoints; NDJSON exports verify offline with `hutong audit verify --file`',
  })
  @ApiProduces('application/x-ndjson', 'text/csv')
  export(@Query() query: ExportQueryDto): StreamableFile {
    const format = query.format ?? 'ndjson';
    const from = query.from ?? 1;
    const lines = exportLines(this.repository, format, from, query.to);
    return new StreamableFile(Readable.from(lines), {
      type: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
      disposition: `attachment; filename="hutong-audit-${from}-${query.to ?? 'head'}.${format}"`,
    });
  }

  @Get('stats')
  @ApiOperation({ summary: 'Requests, records and denials per day × principal × resource' })
  @ApiOkResponse({ type: [StatsRowDto] })
  stats(@Query() query: EntryQueryDto): Promise<StatsRowDto[]> {
    return this.queries.stats({ ...query, limit: 0 });
  }

  @Get('alerts')
  @ApiOperation({
    summary: 'Alerts from simple, explained rules: denial bursts, enumeration of subjects, volume far above the usual',
  })
  @ApiOkResponse({ type: [AlertDto] })
  alerts(@Query() query: AlertQueryDto): Promise<AlertDto[]> {
    return this.alertRules.evaluate({ ...DEFAULT_THRESHOLDS, ...query });
  }

  @Post('verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Recompute the chain over a range (default: all) and check every checkpoint signature' })
  @ApiOkResponse({ type: VerificationDto })
  verify(@Query() range: SeqRangeDto): Promise<VerificationDto> {
    return this.verifier.verify(range.from, range.to);
  }

  @Get('checkpoints')
  @Access({ public: true })
  @Header('cache-control', 'no-cache')
  @ApiOperation({ summary: 'The signed checkpoints of the chain, published so anyone can hold the heads' })
  @ApiOkResponse({ type: [CheckpointDto] })
  checkpoints(@Query() range: SeqRangeDto): Promise<CheckpointDto[]> {
    return this.repository.checkpoints(range.from ?? 1, range.to);
  }

  @Get('keys')
  @Access({ public: true })
  @ApiOperation({ summary: 'Public keys that sign audit checkpoints (JWKS); none is ever withdrawn' })
  keysJwks(): { keys: Array<Record<string, string>> } {
    return this.keys.publicJwks();
  }
}

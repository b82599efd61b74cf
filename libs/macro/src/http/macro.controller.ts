import { Body, Controller, Delete, Get, Headers, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, notFound, parseIfMatch, validationProblem } from '@hutong/platform';
import {
  CancelQueryDto,
  REGISTRY_READERS,
  REGISTRY_WRITERS,
  RegistryReader,
  RegistryRecordService,
  withRecordEtag,
  writeReply,
  type WriteResult,
} from '@hutong/registries';
import { SeriesService, type PlainSeries } from '../data/series.service';
import { INDICATOR_GROUP, MACRO_INDICATORS } from '../registry/indicators.definition';
import { MACRO_OBSERVATIONS, OBSERVATION_GROUP } from '../registry/observations.definition';
import { periodEnd, periodStart } from '../registry/periods';
import { AsOfQueryDto, IndicatorListQueryDto, SeriesQueryDto } from './macro.dto';

const BASE = 'registries/macro';
/** Path segment → registry and the one attribute group a PUT body fills. */
const KINDS = {
  indicators: { registry: MACRO_INDICATORS.code, group: INDICATOR_GROUP },
  observations: { registry: MACRO_OBSERVATIONS.code, group: OBSERVATION_GROUP },
} as const;

/**
 * The plain JSON API of the macro registry (`/registries/macro/…`): the indicator list, series
 * with values, status and comparator; and the provider's single writes — an indicator, or one
 * observation (a revision is a new version; `asOf` reads an earlier one).
 */
@ApiTags('registries: macro')
@Controller(BASE)
export class MacroController {
  constructor(
    private readonly series: SeriesService,
    private readonly reader: RegistryReader,
    private readonly writes: RegistryRecordService,
  ) {}

  @Get('indicators')
  @Access(REGISTRY_READERS)
  @ApiOperation({ summary: 'The indicators: names, unit and multiplier, frequency, source agency, methodology, topic' })
  indicators(
    @Query() query: IndicatorListQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: Array<Record<string, unknown>> }> {
    return this.series.indicators(caller, query.topic);
  }

  @Get('series')
  @Access(REGISTRY_READERS)
  @ApiOperation({ summary: 'Series of indicators by region and period, with value, comparator, status and source per period' })
  seriesOf(
    @Query() query: SeriesQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ series: PlainSeries[]; truncated: boolean }> {
    const fromDay = query.from === undefined ? undefined : periodStart(query.from);
    const toDay = query.to === undefined ? undefined : periodEnd(query.to);
    const impossible = [
      ...(query.from !== undefined && fromDay === undefined ? ['from'] : []),
      ...(query.to !== undefined && toDay === undefined ? ['to'] : []),
    ];
    if (impossible.length > 0) {
      throw validationProblem(impossible.map((field) => ({ field, rule: 'period', message: 'no such period or date' })));
    }
    return this.series.series(caller, {
      series: {
        indicator: query.indicator.split(','),
        ...(query.region !== undefined ? { ref_area: query.region.split(',') } : {}),
        ...(query.frequency !== undefined ? { freq: [query.frequency] } : {}),
        ...(query.valueType !== undefined ? { value_type: [query.valueType] } : {}),
      },
      ...(fromDay !== undefined ? { fromDay } : {}),
      ...(toDay !== undefined ? { toDay } : {}),
      ...(query.asOf !== undefined ? { asOf: new Date(query.asOf) } : {}),
    });
  }

  @Get(':kind/:key')
  @Access(REGISTRY_READERS)
  @ApiOperation({ summary: 'One indicator or observation (kind = indicators | observations); asOf: as it stood then' })
  async one(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @Query() query: AsOfQueryDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const options = query.asOf !== undefined ? { asOf: new Date(query.asOf) } : {};
    return withRecordEtag(await this.reader.get(caller, kindOf(kind).registry, key, options), reply);
  }

  @Get(':kind/:key/history')
  @Access(REGISTRY_READERS)
  @ApiOperation({ summary: 'Every version (vintage) of an indicator or observation, newest first' })
  history(@Param('kind') kind: string, @Param('key') key: string, @CurrentCaller() caller: Caller): Promise<unknown> {
    return this.reader.history(caller, kindOf(kind).registry, key);
  }

  @Put(':kind/:key')
  @Access(REGISTRY_WRITERS)
  @ApiBody({
    description: 'The item values (flat JSON object); an observation key is FREQ.REF_AREA.INDICATOR.VALUE_TYPE.TIME_PERIOD',
  })
  @ApiOperation({
    summary: 'Publish or revise an indicator or observation (provider); 201 when new; If-Match with the version read',
  })
  async put(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResult> {
    const { registry, group } = kindOf(kind);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw validationProblem([{ field: 'body', rule: 'object', message: 'send the item values as one JSON object' }]);
    }
    const result = await this.writes.put(
      caller,
      registry,
      key,
      { groups: { [group]: body as Record<string, unknown> } },
      parseIfMatch(ifMatch),
      '',
    );
    return writeReply(result, `/${BASE}/${kind}/${encodeURIComponent(result.key)}`, reply);
  }

  @Delete(':kind/:key')
  @Access(REGISTRY_WRITERS)
  @ApiOperation({
    summary: 'Withdraw an observation or discontinue an indicator (provider): logical, history keeps every version',
  })
  async remove(
    @Param('kind') kind: string,
    @Param('key') key: string,
    @Query() query: CancelQueryDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WriteResult> {
    return writeReply(
      await this.writes.cancel(caller, kindOf(kind).registry, key, query.reason, parseIfMatch(ifMatch)),
      '',
      reply,
    );
  }
}

function kindOf(kind: string): (typeof KINDS)[keyof typeof KINDS] {
  if (kind === 'indicators' || kind === 'observations') return KINDS[kind];
  throw notFound(`No ${kind} in the macro registry; there are indicators and observations.`);
}

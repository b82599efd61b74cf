import { randomUUID } from 'node:crypto';
import { Controller, Get, Headers, Param, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access } from '@hutong/platform';
import { REGISTRY_READERS } from '@hutong/registries';
import {
  renderGenericData,
  renderSdmxCsvData,
  renderSdmxJsonData,
  renderSdmxJsonStructure,
  renderStructureXml,
  type MessageHeader,
} from '../sdmx';
import { parseDataRequest } from './data-request';
import { AGENCY } from './macro-structures';
import { SdmxDataService } from './sdmx-data.service';
import { DATA_MEDIA_TYPES, dataFormatFor, STRUCTURE_MEDIA_TYPES, structureFormatFor } from './sdmx-media';
import { parseStructureQuery, selectStructures, type StructurePath } from './structure-request';

type Query = Readonly<Record<string, unknown>>;

/**
 * SDMX 2.1 RESTful web services for the macro registry (SDMX Technical Standards, section 7):
 * data queries `/data/{flowRef}/{key}/{providerRef}` and structure queries
 * `/{resource}/{agencyID}/{resourceID}/{version}`, answered in SDMX-ML 2.1 (GenericData,
 * Structure), SDMX-JSON 1.0 or SDMX-CSV 1.0 by the Accept header. Failures are problem+json
 * carrying the SDMX error code.
 */
@ApiTags('sdmx')
@Controller('sdmx/rest')
export class SdmxController {
  constructor(private readonly data: SdmxDataService) {}

  @Get('data/:flowRef')
  @Access(REGISTRY_READERS)
  @ApiProduces(...DATA_MEDIA_TYPES)
  @ApiOperation({ summary: 'SDMX data query: every series of a dataflow' })
  allData(
    @Param('flowRef') flowRef: string,
    @Req() request: FastifyRequest,
    @Headers() headers: Readonly<Record<string, string | undefined>>,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.answerData({ flowRef }, queryOf(request), headers, caller, reply);
  }

  @Get('data/:flowRef/:key')
  @Access(REGISTRY_READERS)
  @ApiProduces(...DATA_MEDIA_TYPES)
  @ApiOperation({ summary: 'SDMX data query by key: FREQ.REF_AREA.INDICATOR.VALUE_TYPE, empty = any, + = or' })
  keyedData(
    @Param('flowRef') flowRef: string,
    @Param('key') key: string,
    @Req() request: FastifyRequest,
    @Headers() headers: Readonly<Record<string, string | undefined>>,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.answerData({ flowRef, key }, queryOf(request), headers, caller, reply);
  }

  @Get('data/:flowRef/:key/:providerRef')
  @Access(REGISTRY_READERS)
  @ApiProduces(...DATA_MEDIA_TYPES)
  @ApiOperation({ summary: 'SDMX data query by key and data provider' })
  providedData(
    @Param('flowRef') flowRef: string,
    @Param('key') key: string,
    @Param('providerRef') providerRef: string,
    @Req() request: FastifyRequest,
    @Headers() headers: Readonly<Record<string, string | undefined>>,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.answerData({ flowRef, key, providerRef }, queryOf(request), headers, caller, reply);
  }

  @Get(':resource')
  @Access(REGISTRY_READERS)
  @ApiProduces(...STRUCTURE_MEDIA_TYPES)
  @ApiOperation({ summary: 'SDMX structure query: dataflow, datastructure, codelist or conceptscheme' })
  structures(
    @Param('resource') resource: string,
    @Req() request: FastifyRequest,
    @Headers('accept') accept: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.answerStructures(caller, { resource }, queryOf(request), accept, reply);
  }

  @Get(':resource/:agencyId')
  @Access(REGISTRY_READERS)
  @ApiProduces(...STRUCTURE_MEDIA_TYPES)
  @ApiOperation({ summary: 'SDMX structure query by maintenance agency' })
  agencyStructures(
    @Param('resource') resource: string,
    @Param('agencyId') agencyId: string,
    @Req() request: FastifyRequest,
    @Headers('accept') accept: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.answerStructures(caller, { resource, agencyId }, queryOf(request), accept, reply);
  }

  @Get(':resource/:agencyId/:resourceId')
  @Access(REGISTRY_READERS)
  @ApiProduces(...STRUCTURE_MEDIA_TYPES)
  @ApiOperation({ summary: 'SDMX structure query by agency and id' })
  namedStructures(
    @Param('resource') resource: string,
    @Param('agencyId') agencyId: string,
    @Param('resourceId') resourceId: string,
    @Req() request: FastifyRequest,
    @Headers('accept') accept: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.answerStructures(caller, { resource, agencyId, resourceId }, queryOf(request), accept, reply);
  }

  @Get(':resource/:agencyId/:resourceId/:version')
  @Access(REGISTRY_READERS)
  @ApiProduces(...STRUCTURE_MEDIA_TYPES)
  @ApiOperation({ summary: 'SDMX structure query by agency, id and version' })
  versionedStructures(
    @Param('resource') resource: string,
    @Param('agencyId') agencyId: string,
    @Param('resourceId') resourceId: string,
    @Param('version') version: string,
    @Req() request: FastifyRequest,
    @Headers('accept') accept: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.answerStructures(caller, { resource, agencyId, resourceId, version }, queryOf(request), accept, reply);
  }

  private async answerData(
    path: { flowRef: string; key?: string; providerRef?: string },
    query: Query,
    headers: Readonly<Record<string, string | undefined>>,
    caller: Caller,
    reply: FastifyReply,
  ): Promise<unknown> {
    const offer = dataFormatFor(headers.accept);
    const request = parseDataRequest(await this.data.servedFlow(), path, query);
    const result = await this.data.query(caller, request);
    const rendering = {
      header: headerFor(headers['accept-language']),
      detail: request.detail,
      dimensionAtObservation: request.dimensionAtObservation,
    };
    void reply.type(offer.contentType);
    switch (offer.format) {
      case 'generic-xml':
        return renderGenericData(result, rendering);
      case 'csv':
        return renderSdmxCsvData(result, rendering);
      case 'json':
        return JSON.stringify(renderSdmxJsonData(result, rendering));
    }
  }

  private async answerStructures(
    caller: Caller,
    path: StructurePath,
    query: Query,
    accept: string | undefined,
    reply: FastifyReply,
  ): Promise<unknown> {
    const offer = structureFormatFor(accept);
    const structureQuery = parseStructureQuery(path, query);
    const selected = selectStructures(await this.data.structures(caller), structureQuery);
    const header = headerFor(undefined);
    void reply.type(offer.contentType);
    return offer.format === 'xml'
      ? renderStructureXml(selected, header)
      : JSON.stringify(renderSdmxJsonStructure(selected, header));
  }
}

/** The raw query (SDMX parameters are checked by the request parsers, not a DTO). */
function queryOf(request: FastifyRequest): Query {
  return typeof request.query === 'object' && request.query !== null ? (request.query as Query) : {};
}

function headerFor(acceptLanguage: string | undefined): MessageHeader {
  return {
    id: `IREF${randomUUID().replace(/-/g, '').slice(0, 20)}`,
    prepared: new Date(),
    senderId: AGENCY,
    language: acceptLanguage?.trim().toLowerCase().startsWith('en') === true ? 'en' : 'zh',
  };
}

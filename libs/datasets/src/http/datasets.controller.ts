import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, type AccessRule } from '@hutong/platform';
import { DatasetReadService } from '../query/dataset-read.service';
import { DatasetRegistrationService, type DatasetView } from '../registration/dataset-registration.service';
import type { JsonSchema } from '../schema/json-schema';
import { AgencyParams, DatasetParams, MajorQueryDto, NewMajorDto, RegisterDatasetDto } from './dataset.dto';

/** Dataset descriptions are catalog matters: agencies with `catalog`, operators with `admin`. */
const CATALOG_READERS: AccessRule = { kinds: ['agency', 'operator'], scopes: { agency: ['catalog'], operator: ['admin'] } };

/** Registering datasets on catalog entries, their majors, and their published JSON Schemas. */
@ApiTags('datasets')
@Controller('agencies/:agency/datasets')
export class DatasetsController {
  constructor(
    private readonly registration: DatasetRegistrationService,
    private readonly reads: DatasetReadService,
  ) {}

  @Post()
  @Access(CATALOG_READERS)
  @ApiOperation({
    summary:
      'Register a dataset (its major 1) on a published catalog entry of the agency: shared by API, with key items — its 信息项 become the schema',
  })
  async register(
    @Param() params: AgencyParams,
    @Body() body: RegisterDatasetDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DatasetView> {
    const view = await this.registration.register(caller, params.agency, body.code, body.resourceCode);
    void reply.status(201).header('location', `/agencies/${params.agency}/datasets/${body.code}`);
    return view;
  }

  @Get()
  @Access(CATALOG_READERS)
  @ApiOperation({ summary: "The agency's datasets you may know of, with their majors" })
  async list(@Param() params: AgencyParams, @CurrentCaller() caller: Caller): Promise<{ items: DatasetView[] }> {
    return { items: await this.registration.list(caller, params.agency) };
  }

  @Get(':dataset')
  @Access(CATALOG_READERS)
  @ApiOperation({ summary: 'A dataset: its majors, each with its catalog entry and version, status and indexed items' })
  get(@Param() params: DatasetParams, @CurrentCaller() caller: Caller): Promise<DatasetView> {
    return this.registration.view(caller, params.agency, params.dataset);
  }

  @Post(':dataset/versions')
  @Access(CATALOG_READERS)
  @ApiOperation({
    summary:
      'Register the next major version on a new catalog entry (for a breaking schema change); the older majors stay readable until their entries are retired',
  })
  async addMajor(
    @Param() params: DatasetParams,
    @Body() body: NewMajorDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DatasetView> {
    const view = await this.registration.addMajor(caller, params.agency, params.dataset, body.resourceCode);
    void reply.status(201);
    return view;
  }

  @Get(':dataset/schema')
  @Access(CATALOG_READERS)
  @ApiProduces('application/schema+json')
  @ApiOperation({ summary: 'The JSON Schema (draft 2020-12) of one record of a major (default the newest)' })
  async schema(
    @Param() params: DatasetParams,
    @Query() query: MajorQueryDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JsonSchema> {
    const schema = await this.reads.schema(caller, params.agency, params.dataset, query.version);
    void reply.type('application/schema+json; charset=utf-8');
    return schema;
  }
}

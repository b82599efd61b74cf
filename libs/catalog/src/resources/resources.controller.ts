import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, etagOf, parseIfMatch } from '@hutong/platform';
import { AGENCIES_AND_OPERATORS, OPERATORS } from '../catalog-access';
import { CreateResourceDto, ReasonDto, ResourceMetadataDto, ResourceQueryDto } from './resource.dto';
import { ResourceCode, ResourceCodeParams, RESOURCE_PATH } from './resource-code.param';
import { ResourceSearchService, type ResourcePage } from './resource-search.service';
import { ResourceService } from './resource.service';
import type { ResourceView, VersionView } from './resource-view';

const IF_MATCH = ApiHeader({
  name: 'If-Match',
  required: false,
  description: 'ETag of the entry you read; the change fails with 412 if it changed since',
});

@ApiTags('catalog')
@Access(AGENCIES_AND_OPERATORS)
@Controller()
export class ResourcesController {
  constructor(
    private readonly resources: ResourceService,
    private readonly searchService: ResourceSearchService,
  ) {}

  @Post('catalog/resources')
  @ApiOperation({ summary: 'Draft a catalog entry (信息资源); its resource code is assigned from the classification' })
  async create(
    @Body() input: CreateResourceDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceView> {
    const view = await this.resources.create(caller, input);
    void reply.status(201).header('location', `/catalog/resources/${view.code}`);
    return this.withEtag(view, reply);
  }

  @Get('catalog/resources')
  @ApiOperation({ summary: 'Search the catalog: Chinese full text (simplified or traditional), filters, facets, cursor paging' })
  search(@Query() query: ResourceQueryDto, @CurrentCaller() caller: Caller): Promise<ResourcePage> {
    return this.searchService.search(caller, query);
  }

  @Get(RESOURCE_PATH)
  @ResourceCodeParams()
  @ApiOperation({ summary: 'One entry with its items and published versions (and its draft, for its provider and operators)' })
  async get(
    @ResourceCode() code: string,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceView> {
    return this.withEtag(await this.resources.get(caller, code), reply);
  }

  @Get(`${RESOURCE_PATH}/versions/:version`)
  @ResourceCodeParams()
  @ApiOperation({ summary: 'A published version of an entry, as it was published' })
  version(
    @ResourceCode() code: string,
    @Param('version', ParseIntPipe) version: number,
    @CurrentCaller() caller: Caller,
  ): Promise<VersionView> {
    return this.resources.version(caller, code, version);
  }

  @Put(RESOURCE_PATH)
  @ResourceCodeParams()
  @IF_MATCH
  @ApiOperation({ summary: 'Replace the draft, or start the next version of a published entry (provider or operator)' })
  async replace(
    @ResourceCode() code: string,
    @Body() input: ResourceMetadataDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceView> {
    return this.withEtag(await this.resources.replace(caller, code, input, parseIfMatch(ifMatch)), reply);
  }

  @Post(`${RESOURCE_PATH}/submit`)
  @HttpCode(200)
  @ResourceCodeParams()
  @IF_MATCH
  @ApiOperation({ summary: 'Submit the draft for review by an operator' })
  async submit(
    @ResourceCode() code: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceView> {
    return this.withEtag(await this.resources.submit(caller, code, parseIfMatch(ifMatch)), reply);
  }

  @Post(`${RESOURCE_PATH}/return`)
  @HttpCode(200)
  @Access(OPERATORS)
  @ResourceCodeParams()
  @IF_MATCH
  @ApiOperation({ summary: 'Send a submitted draft back to its provider with the reason' })
  async sendBack(
    @ResourceCode() code: string,
    @Body() input: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceView> {
    return this.withEtag(await this.resources.sendBack(caller, code, input.reason, parseIfMatch(ifMatch)), reply);
  }

  @Post(`${RESOURCE_PATH}/publish`)
  @HttpCode(200)
  @Access(OPERATORS)
  @ResourceCodeParams()
  @IF_MATCH
  @ApiOperation({ summary: 'Publish the submitted draft as the next version' })
  async publish(
    @ResourceCode() code: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceView> {
    return this.withEtag(await this.resources.publish(caller, code, parseIfMatch(ifMatch)), reply);
  }

  @Post(`${RESOURCE_PATH}/retire`)
  @HttpCode(200)
  @Access(OPERATORS)
  @ResourceCodeParams()
  @IF_MATCH
  @ApiOperation({ summary: 'Retire a published entry: its grants stop at once' })
  async retire(
    @ResourceCode() code: string,
    @Body() input: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ResourceView> {
    return this.withEtag(await this.resources.retire(caller, code, input.reason, parseIfMatch(ifMatch)), reply);
  }

  private withEtag(view: ResourceView, reply: FastifyReply): ResourceView {
    void reply.header('etag', etagOf(view.etag));
    return view;
  }
}

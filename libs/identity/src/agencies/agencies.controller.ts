import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access } from '@hutong/platform';
import { CurrentCaller } from '../guard/caller.decorator';
import { etagOf, parseIfMatch } from '@hutong/platform';
import type { Caller } from '../principals/principal';
import { AgencyDto, AgencyPageDto, AgencyQueryDto, CreateAgencyDto, UpdateAgencyDto } from './agency.dto';
import { AgencyService } from './agency.service';

@ApiTags('admin')
@Access({ kinds: ['operator'], scopes: ['admin'] })
@Controller('admin/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgencyService) {}

  @Post()
  @ApiOperation({ summary: 'Register an agency (its code is its 统一社会信用代码 and its OAuth client id)' })
  @ApiCreatedResponse({ type: AgencyDto })
  async create(
    @Body() input: CreateAgencyDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgencyDto> {
    const agency = await this.agencies.create(input, caller.principalId);
    void reply.status(201).header('location', `/admin/agencies/${agency.code}`).header('etag', etagOf(agency.version));
    return agency;
  }

  @Get()
  @ApiOperation({
    summary:
      'Search agencies by code, name (simplified or traditional, current or former), level, parent, status, role, division',
  })
  @ApiOkResponse({ type: AgencyPageDto })
  search(@Query() query: AgencyQueryDto): Promise<AgencyPageDto> {
    return this.agencies.search(query);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One agency with its name history' })
  @ApiOkResponse({ type: AgencyDto })
  async get(@Param('code') code: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<AgencyDto> {
    const agency = await this.agencies.get(code);
    void reply.header('etag', etagOf(agency.version));
    return agency;
  }

  @Patch(':code')
  @ApiOperation({ summary: 'Rename, move, change roles or contact, suspend, reactivate, retire or merge an agency' })
  @ApiHeader({
    name: 'If-Match',
    required: false,
    description: 'ETag of the version you read; the update fails with 412 if it changed',
  })
  @ApiOkResponse({ type: AgencyDto })
  async update(
    @Param('code') code: string,
    @Body() input: UpdateAgencyDto,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AgencyDto> {
    const agency = await this.agencies.update(code, input, parseIfMatch(ifMatch));
    void reply.header('etag', etagOf(agency.version));
    return agency;
  }
}

import { Body, Controller, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, etagOf, parseIfMatch } from '@hutong/platform';
import { AGENCIES, AGENCIES_AND_OPERATORS, OPERATORS } from '../catalog-access';
import { ReasonDto } from '../resources/resource.dto';
import { ResourceCode, ResourceCodeParams, RESOURCE_PATH } from '../resources/resource-code.param';
import { AccessRequestQueryDto, ApprovalDto, CreateAccessRequestDto, DecisionDto, OptionalReasonDto } from './access-request.dto';
import { AccessRequestService } from './access-request.service';
import type { AccessRequestView } from './access-request-view';
import { RequestDecisionService } from './request-decisions.service';

const IF_MATCH = ApiHeader({ name: 'If-Match', required: false, description: 'ETag of the request you read; 412 if it changed' });
const ID = new ParseUUIDPipe({ version: undefined });

@ApiTags('access requests')
@Access(AGENCIES_AND_OPERATORS)
@Controller()
export class AccessRequestsController {
  constructor(
    private readonly requests: AccessRequestService,
    private readonly decisions: RequestDecisionService,
  ) {}

  @Post(`${RESOURCE_PATH}/access-requests`)
  @Access(AGENCIES)
  @ResourceCodeParams()
  @ApiOperation({
    summary:
      'Apply for items of a resource (共享申请): 无条件 is approved at once, 有条件 goes to the provider, 不予共享 only with escalate',
  })
  async create(
    @ResourceCode() code: string,
    @Body() input: CreateAccessRequestDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessRequestView> {
    const view = await this.requests.submit(caller, code, input);
    void reply.status(201).header('location', `/access-requests/${view.id}`).header('etag', etagOf(view.etag));
    return view;
  }

  @Get('access-requests')
  @ApiOperation({ summary: 'Your requests (as=consumer), your inbox (as=provider), or — operators — all, e.g. overdue=true' })
  list(
    @Query() query: AccessRequestQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ items: AccessRequestView[]; nextCursor: string | null }> {
    return this.requests.list(caller, query);
  }

  @Get('access-requests/:id')
  @ApiOperation({ summary: 'One request with its history' })
  async get(
    @Param('id', ID) id: string,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessRequestView> {
    return withEtag(await this.requests.get(caller, id), reply);
  }

  @Post('access-requests/:id/approve')
  @HttpCode(200)
  @Access(AGENCIES)
  @IF_MATCH
  @ApiOperation({ summary: 'Approve as the provider, possibly narrower (items, rows, period, quota); creates the grant' })
  async approve(
    @Param('id', ID) id: string,
    @Body() input: ApprovalDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessRequestView> {
    return withEtag(await this.decisions.approve(caller, id, input, parseIfMatch(ifMatch)), reply);
  }

  @Post('access-requests/:id/reject')
  @HttpCode(200)
  @Access(AGENCIES)
  @IF_MATCH
  @ApiOperation({ summary: 'Reject as the provider; the reason is mandatory (Art. 14)' })
  async reject(
    @Param('id', ID) id: string,
    @Body() input: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessRequestView> {
    return withEtag(await this.decisions.reject(caller, id, input.reason, parseIfMatch(ifMatch)), reply);
  }

  @Post('access-requests/:id/withdraw')
  @HttpCode(200)
  @Access(AGENCIES)
  @IF_MATCH
  @ApiOperation({ summary: 'Withdraw your pending or escalated request' })
  async withdraw(
    @Param('id', ID) id: string,
    @Body() input: OptionalReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessRequestView> {
    return withEtag(await this.decisions.withdraw(caller, id, input.reason ?? null, parseIfMatch(ifMatch)), reply);
  }

  @Post('access-requests/:id/escalate')
  @HttpCode(200)
  @Access(AGENCIES)
  @IF_MATCH
  @ApiOperation({ summary: 'Ask the sharing authority to coordinate after a rejection' })
  async escalate(
    @Param('id', ID) id: string,
    @Body() input: OptionalReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessRequestView> {
    return withEtag(await this.decisions.escalate(caller, id, input.reason ?? null, parseIfMatch(ifMatch)), reply);
  }

  @Post('access-requests/:id/decide')
  @HttpCode(200)
  @Access(OPERATORS)
  @IF_MATCH
  @ApiOperation({ summary: 'Record the coordinated decision on an escalated request (operators)' })
  async decide(
    @Param('id', ID) id: string,
    @Body() input: DecisionDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessRequestView> {
    return withEtag(await this.decisions.decide(caller, id, input, parseIfMatch(ifMatch)), reply);
  }

  @Post('access-requests/:id/revoke')
  @HttpCode(200)
  @IF_MATCH
  @ApiOperation({ summary: 'End the grant of an approved request (provider, operator, or the consumer giving it up)' })
  async revoke(
    @Param('id', ID) id: string,
    @Body() input: ReasonDto,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AccessRequestView> {
    return withEtag(await this.decisions.revoke(caller, id, input.reason, parseIfMatch(ifMatch)), reply);
  }
}

function withEtag(view: AccessRequestView, reply: FastifyReply): AccessRequestView {
  void reply.header('etag', etagOf(view.etag));
  return view;
}

import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentCaller, type Caller } from '@hutong/identity';
import { Access, ResponseGates } from '@hutong/platform';
import { CreateSubscriptionDto, FeedQueryDto } from './subscription.dto';
import { decodeCursor, SubscriptionService, type FeedPage, type SubscriptionView } from './subscription.service';

const ID = new ParseUUIDPipe();
const HEARTBEAT_SECONDS = 15;

@ApiTags('exchange')
@Access({ kinds: ['agency'], scopes: ['exchange'] })
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(
    private readonly subscriptions: SubscriptionService,
    private readonly gates: ResponseGates,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe to a resource you hold a grant for: delivery to your Kafka topic or the HTTP feed' })
  async create(
    @Body() input: CreateSubscriptionDto,
    @CurrentCaller() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubscriptionView> {
    const view = await this.subscriptions.create(caller.principalId, input);
    void reply.status(201).header('location', `/subscriptions/${view.id}`);
    return view;
  }

  @Get()
  @ApiOperation({ summary: 'Your subscriptions' })
  async list(@CurrentCaller() caller: Caller): Promise<{ items: SubscriptionView[] }> {
    return { items: await this.subscriptions.list(caller.principalId) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your subscriptions, with its position' })
  get(@Param('id', ID) id: string, @CurrentCaller() caller: Caller): Promise<SubscriptionView> {
    return this.subscriptions.get(caller.principalId, id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Stop a subscription' })
  async remove(@Param('id', ID) id: string, @CurrentCaller() caller: Caller): Promise<void> {
    await this.subscriptions.delete(caller.principalId, id);
  }

  @Get(':id/events')
  @ApiOperation({
    summary:
      'Events after a cursor, projected through your grant (long poll with wait=seconds); at least once, in order per subject; pass `next` back as `after`',
  })
  feed(@Param('id', ID) id: string, @Query() query: FeedQueryDto, @CurrentCaller() caller: Caller): Promise<FeedPage> {
    return this.subscriptions.feed(caller.principalId, id, query.after, query.limit ?? 100, query.wait ?? 0);
  }

  @Get(':id/stream')
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event (the id of the last event received)',
  })
  @ApiOperation({ summary: 'The same events as Server-Sent Events; reconnect with Last-Event-ID to resume without gaps' })
  async stream(
    @Param('id', ID) id: string,
    @Query() query: FeedQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentCaller() caller: Caller,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const resumeFrom = lastEventId ?? query.after;
    if (resumeFrom !== undefined) decodeCursor(resumeFrom);
    await this.subscriptions.get(caller.principalId, id);
    // The stream never passes through the normal send path: run the response gates (the audit log
    // records the opening of the stream, or refuses it) before taking the socket over.
    const gated = await this.gates.pass(request, reply.status(200), '');
    if (reply.statusCode !== 200) {
      await reply.send(gated);
      return;
    }
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    raw.write(': stream open\n\n');
    const closed = new AbortController();
    raw.on('close', () => closed.abort());
    let cursor = resumeFrom;
    try {
      while (!closed.signal.aborted) {
        const page = await this.subscriptions.read(
          caller.principalId,
          id,
          cursor,
          query.limit ?? 100,
          HEARTBEAT_SECONDS,
          closed.signal,
        );
        for (const item of page.events)
          raw.write(`id: ${item.cursor}\nevent: ${item.event.type}\ndata: ${JSON.stringify(item.event)}\n\n`);
        if (page.events.length === 0 && !closed.signal.aborted) raw.write(': heartbeat\n\n');
        cursor = page.next;
      }
    } catch {
      // The subscription was deleted or the database went away: end the stream; the client reconnects.
    } finally {
      raw.end();
    }
  }
}

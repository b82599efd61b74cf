import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '@hutong/platform';
import { deliveryTopic } from './kafka-messages';
import { EventLogRepository } from './event-log.repository';
import { EventRelay, type RelayStatus } from './event-relay';
import { SubscriptionRepository } from '../subscriptions/subscription.repository';

export interface ExchangeStatus {
  readonly relay: RelayStatus;
  readonly backlog: { readonly events: number; readonly oldestUnrelayedSeconds: number | null };
  readonly subscriptions: ReadonlyArray<{
    readonly id: string;
    readonly consumer: string;
    readonly resource: string;
    readonly delivery: 'kafka' | 'feed';
    readonly topic: string | null;
    readonly pendingEvents: number;
    readonly deliveredAt: string | null;
    readonly failures: number;
    readonly lastError: string | null;
    readonly lastErrorAt: string | null;
  }>;
}

@ApiTags('admin')
@Access({ kinds: ['operator'], scopes: ['admin'] })
@Controller('admin/exchange')
export class ExchangeStatusController {
  constructor(
    private readonly relay: EventRelay,
    private readonly events: EventLogRepository,
    private readonly subscriptions: SubscriptionRepository,
  ) {}

  @Get('status')
  @ApiOperation({
    summary: 'Outbox backlog, oldest unsent event, relay leader and failures, per-subscription lag and last error',
  })
  async status(): Promise<ExchangeStatus> {
    const [backlog, lags] = await Promise.all([this.events.backlog(), this.subscriptions.lags()]);
    return {
      relay: this.relay.status(),
      backlog: { events: backlog.events, oldestUnrelayedSeconds: backlog.oldestAgeSeconds },
      subscriptions: lags.map(({ subscription, pendingEvents }) => ({
        id: subscription.id,
        consumer: subscription.consumerCode,
        resource: subscription.resourceCode,
        delivery: subscription.delivery,
        topic: subscription.delivery === 'kafka' ? deliveryTopic(subscription.consumerCode) : null,
        pendingEvents,
        deliveredAt: subscription.deliveredAt?.toISOString() ?? null,
        failures: subscription.failures,
        lastError: subscription.lastError,
        lastErrorAt: subscription.lastErrorAt?.toISOString() ?? null,
      })),
    };
  }
}

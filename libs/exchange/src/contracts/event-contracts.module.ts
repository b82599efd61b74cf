import { Module } from '@nestjs/common';
import { eventSchemas, EventSchemas } from '../outbox/event-schemas';
import { EventContractsController } from './event-contracts.controller';

/**
 * Publishes the event contracts (contracts/events) over HTTP. Loading them at startup also proves
 * the deployment carries them: a gateway without its contracts does not start.
 */
@Module({
  controllers: [EventContractsController],
  providers: [{ provide: EventSchemas, useFactory: eventSchemas }],
  exports: [EventSchemas],
})
export class EventContractsModule {}

import { Global, Module } from '@nestjs/common';
import { EventLog } from './event-log';

/** The outbox every library appends its events through; global so each library can inject it. */
@Global()
@Module({ providers: [EventLog], exports: [EventLog] })
export class EventLogModule {}

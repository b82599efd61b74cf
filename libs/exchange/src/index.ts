export { EventContractsModule } from './contracts/event-contracts.module';
export { KAFKA_CLIENT, KafkaModule } from './kafka/kafka.module';
export { kafkaLogCreator } from './kafka/kafka-logging';
export { eventType, isEventType, resourceSource, type CloudEvent, type NewEvent } from './outbox/cloud-event';
export { EventLog } from './outbox/event-log';
export { EventLogModule } from './outbox/event-log.module';
export { EventSchemas, eventSchemas, findEventContracts, validateEventData, type EventDataCheck } from './outbox/event-schemas';

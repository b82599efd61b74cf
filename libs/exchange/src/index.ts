export { KAFKA_CLIENT, KafkaModule } from './kafka/kafka.module';
export { kafkaLogCreator } from './kafka/kafka-logging';

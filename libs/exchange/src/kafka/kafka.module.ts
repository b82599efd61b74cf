import { Inject, Module, Optional, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, HealthRegistry, LOGGER, type KafkaSaslCredentials, type Logger } from '@hutong/platform';
import { Kafka, type SASLOptions } from 'kafkajs';
import { kafkaLogCreator } from './kafka-logging';
import { KafkaReadinessCheck } from './kafka.readiness';

/** DI token: the kafkajs client, or `null` when KAFKA_BROKERS is not set (events then stay in the outbox). */
export const KAFKA_CLIENT = Symbol('KAFKA_CLIENT');

class KafkaLifecycle implements OnApplicationShutdown {
  constructor(@Optional() @Inject(KafkaReadinessCheck) private readonly readiness: KafkaReadinessCheck | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.readiness?.close();
  }
}

/**
 * The plain object kafkajs reads when it authenticates each connection (its types are one union member
 * per mechanism, hence the switch).
 */
function kafkajsSasl({ mechanism, username, password }: KafkaSaslCredentials): SASLOptions {
  switch (mechanism) {
    case 'plain':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'scram-sha-512':
      return { mechanism, username, password };
  }
}

@Module({})
export class KafkaModule {
  static forRoot(): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        {
          provide: KAFKA_CLIENT,
          inject: [AppConfig, LOGGER],
          useFactory: (config: AppConfig, logger: Logger): Kafka | null => {
            if (config.kafka.brokers.length === 0) {
              logger.info('Kafka is not configured (KAFKA_BROKERS unset): events are served through the HTTP feed only');
              return null;
            }
            const { sasl, ssl } = config.kafka;
            // Never the password: only who the gateway logs in as, and how.
            logger.info(
              {
                brokers: config.kafka.brokers,
                ssl,
                saslMechanism: sasl?.mechanism ?? null,
                saslUsername: sasl?.username ?? null,
              },
              'Kafka configured',
            );
            return new Kafka({
              clientId: config.kafka.clientId,
              brokers: [...config.kafka.brokers],
              // `true`: TLS verified against Node's CA store (NODE_EXTRA_CA_CERTS adds a private CA).
              ssl,
              ...(sasl ? { sasl: kafkajsSasl(sasl) } : {}),
              connectionTimeout: 3_000,
              requestTimeout: 10_000,
              retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
              logCreator: kafkaLogCreator(logger),
            });
          },
        },
        {
          provide: KafkaReadinessCheck,
          inject: [KAFKA_CLIENT, HealthRegistry],
          useFactory: (kafka: Kafka | null, health: HealthRegistry): KafkaReadinessCheck | null => {
            if (!kafka) return null;
            const check = new KafkaReadinessCheck(kafka.admin());
            health.register(check);
            return check;
          },
        },
        KafkaLifecycle,
      ],
      exports: [KAFKA_CLIENT],
    };
  }
}

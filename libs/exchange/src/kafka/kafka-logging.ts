import type { Logger } from '@hutong/platform';
import { logLevel as KafkaLogLevel, type logCreator } from 'kafkajs';

/** kafkajs logs through its own logger; send it to the structured log at a sensible level. */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      switch (level) {
        case KafkaLogLevel.ERROR:
          child.error(extra, message);
          break;
        case KafkaLogLevel.WARN:
          child.warn(extra, message);
          break;
        case KafkaLogLevel.INFO:
          child.debug(extra, message);
          break;
        default:
          child.trace(extra, message);
      }
    };
}

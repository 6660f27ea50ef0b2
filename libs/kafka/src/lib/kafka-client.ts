import { Kafka, logCreator, logLevel } from 'kafkajs';

import { KafkaLogger, silentKafkaLogger } from './kafka-logger';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  logger?: KafkaLogger;
}

/**
 * kafkajs warns on every idempotent producer whose retries are bounded. KafkaPublisher bounds them
 * on purpose (a send fails after the client's retries, and its caller retries it later, rather
 * than hanging while the broker is away; consumers deduplicate by event id), so the warning says
 * nothing new on each start and is logged at debug.
 */
const EXPECTED_KAFKAJS_WARNINGS: ReadonlySet<string> = new Set([
  'Limiting retries for the idempotent producer may invalidate EoS guarantees',
]);

// kafkajs logs through its own creator; route its entries to the app's structured logger.
function routeLogs(logger: KafkaLogger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...context } = log;
      const entry = { component: 'kafkajs', ...context };
      if (level === logLevel.ERROR) logger.error(entry, message);
      else if (level === logLevel.WARN && EXPECTED_KAFKAJS_WARNINGS.has(message)) {
        logger.debug(entry, message);
      } else if (level === logLevel.WARN) logger.warn(entry, message);
      else if (level === logLevel.INFO) logger.info(entry, message);
      else logger.debug(entry, message);
    };
}

/** A kafkajs client whose logs go to the given logger (WARN and above by default). */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30000,
    logLevel: logLevel.WARN,
    logCreator: routeLogs(options.logger ?? silentKafkaLogger),
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
  });
}

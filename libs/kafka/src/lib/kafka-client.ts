import { Kafka, logCreator, logLevel, SASLOptions } from 'kafkajs';

import { KafkaLogger, silentKafkaLogger } from './kafka-logger';
import { KafkaSaslOptions, KafkaSecurityOptions } from './kafka-security';

/** The kafkajs client and admin types, for code outside this lib (which may not import kafkajs). */
export type { Kafka, Admin as KafkaAdmin } from 'kafkajs';

export interface KafkaClientOptions extends KafkaSecurityOptions {
  brokers: string[];
  clientId: string;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** How often kafkajs retries a failed request or connection (8 by default). */
  retries?: number;
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

// kafkajs types SASL options as a union keyed by the mechanism literal.
function saslFor({ mechanism, username, password }: KafkaSaslOptions): SASLOptions {
  if (mechanism === 'plain') return { mechanism, username, password };
  if (mechanism === 'scram-sha-256') return { mechanism, username, password };
  return { mechanism, username, password };
}

/**
 * A kafkajs client whose logs go to the given logger (WARN and above by default). With `sasl` it
 * authenticates (SCRAM-SHA-256/512 or PLAIN), with `tls` it encrypts; see kafkaSecurityOptions.
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...(options.sasl ? { sasl: saslFor(options.sasl) } : {}),
    ...(options.tls ? { ssl: options.tls } : {}),
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30000,
    logLevel: logLevel.WARN,
    logCreator: routeLogs(options.logger ?? silentKafkaLogger),
    retry: { initialRetryTime: 200, retries: options.retries ?? 8, maxRetryTime: 5000 },
  });
}

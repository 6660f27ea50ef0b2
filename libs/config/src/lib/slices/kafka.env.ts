import { duration } from '../fields/duration.field';
import { list } from '../fields/list.field';
import { str } from '../fields/str.field';
import { defineEnv } from '../load-env';

/** Kafka client settings. Apps override KAFKA_CLIENT_ID's default with their own name. */
export const kafkaEnv = defineEnv({
  KAFKA_BROKERS: list({
    default: ['127.0.0.1:9092'],
    item: { regex: /^[A-Za-z0-9.[\]:-]+:\d{1,5}$/, description: 'host:port' },
  }),
  KAFKA_CLIENT_ID: str({
    default: 'concord',
    pattern: { regex: /^[A-Za-z0-9._-]+$/, description: 'letters, digits, ".", "_" or "-"' },
  }),
  KAFKA_TOPIC_PREFIX: str({
    default: '',
    pattern: { regex: /^[A-Za-z0-9._-]*$/, description: 'valid in a Kafka topic name' },
  }),
  // The broker's default group.min/max.session.timeout.ms bound what it accepts.
  KAFKA_SESSION_TIMEOUT_MS: duration({ default: 30_000, min: 6_000, max: 1_800_000 }),
});

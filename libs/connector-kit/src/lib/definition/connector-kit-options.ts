import type { KeyRing } from '@concord/auth';
import type { KafkaSecuritySettings } from '@concord/kafka';

import type { KitLogger } from './kit-logger';

/** Run-time settings of the kit (from the app's validated environment). */
export interface ConnectorKitOptions {
  /** Kafka bootstrap servers (host:port). */
  brokers: readonly string[];
  /** Kafka client id (the app name). */
  clientId: string;
  /** Prefix of every topic name (tests use a random one; production none). */
  topicPrefix: string;
  /** Consumer session timeout; short in tests so a killed replica's partitions move quickly. */
  sessionTimeoutMs: number;
  /** Kafka SASL and TLS (the KAFKA_SASL_* and KAFKA_SSL* variables); none by default. */
  kafkaSecurity?: KafkaSecuritySettings;
  /** Redis for the shared rate budget and locks; in-process fallbacks when absent. */
  redisUrl?: string;
  /** PEM CA bundle trusted for a `rediss:` REDIS_URL (a private CA); system CAs otherwise. */
  redisTlsCaFile?: string;
  /** Decrypts connection credentials and encrypts webhook secrets. */
  keyRing: KeyRing;
  /** Exact `host:port` loopback entries allowed (the simulators); nothing else local is called. */
  allowedLoopback: readonly string[];
  /** Public base URL of this app, under which `/webhooks/<system>/<tenant>/<connectionId>` is served. */
  publicUrl: string;
  /** How often each connection's status is published (and its health probed); default 15 s. */
  statusIntervalMs?: number;
  /** Scheduled reconciliation period; 0 turns it off; default 1 h. */
  reconciliationIntervalMs?: number;
  /** Delay before a message of a paused connection is tried again; default 10 s. */
  pausedRetryDelayMs?: number;
  /** Delivery attempts of one catalog event before it is dead-lettered; default 15. */
  maxAttempts?: number;
  /**
   * Catalog partitions handled concurrently; default 12, a catalog topic's partition count: the
   * batches one fetch brings for a topic are all handed in at once, so a lingering batch call can
   * merge them (with fewer, the rest wait for the first ones' calls and go as more calls).
   */
  partitionsConsumedConcurrently?: number;
  /** Most catalog messages of one partition handled as one batch (one produce, one commit); default 200. */
  maxBatchMessages?: number;
  /**
   * How long a replica holds a connection's change-stream subscription without renewing its lease
   * (renewed every third of it): how soon another replica takes over from a dead one; default 30 s.
   */
  subscriptionLeaseMs?: number;
  /** Where the kit logs. */
  logger?: KitLogger;
}

/** The options with every default filled in. */
export type ResolvedKitOptions = Required<
  Omit<ConnectorKitOptions, 'redisUrl' | 'redisTlsCaFile'>
> & {
  /** Redis URL, or undefined for in-process budgets and leases. */
  redisUrl: string | undefined;
  redisTlsCaFile: string | undefined;
};

export function resolveKitOptions(options: ConnectorKitOptions): ResolvedKitOptions {
  return {
    statusIntervalMs: 15_000,
    reconciliationIntervalMs: 3_600_000,
    pausedRetryDelayMs: 10_000,
    maxAttempts: 15,
    partitionsConsumedConcurrently: 12,
    maxBatchMessages: 200,
    subscriptionLeaseMs: 30_000,
    kafkaSecurity: {},
    ...options,
    redisUrl: options.redisUrl,
    redisTlsCaFile: options.redisTlsCaFile,
    logger: options.logger ?? silentLogger(),
  };
}

function silentLogger(): KitLogger {
  const noop = (): void => undefined;
  return { debug: noop, info: noop, warn: noop, error: noop };
}

import type { DistributedLock } from '@concord/auth';
import type { Kafka } from '@concord/kafka';
import {
  createKafkaClient,
  KafkaPublisher,
  kafkaSecurityOptions,
  type KafkaSecuritySettings,
  TopicAdmin,
} from '@concord/kafka';
import type { Redis } from 'ioredis';

import { type CallSlots, InProcessCallSlots, RedisCallSlots } from '../budget/call-slots';
import { InProcessRateBudget } from '../budget/in-process-rate-budget';
import { InProcessLeases, type LeaseManager, RedisLeases } from '../budget/lease';
import { LeaseLock } from '../budget/lease-lock';
import type { RateBudget } from '../budget/rate-budget';
import { createRedisClient } from '../budget/redis-client';
import { RedisRateBudget } from '../budget/redis-rate-budget';
import {
  InProcessSharedValues,
  RedisSharedValues,
  type SharedValues,
} from '../credentials/shared-values';
import type { KitLogger } from '../definition/kit-logger';
import {
  InProcessMatchingIndexStore,
  type MatchingIndexStore,
} from '../matching/matching-index-store';
import { RedisMatchingIndexStore } from '../matching/redis-matching-index-store';
import {
  InProcessWrittenVersions,
  RedisWrittenVersions,
  type WrittenVersions,
} from '../state/written-versions';
import { kitTopicSpecs } from '../transport/kit-topics';

/** The Kafka and Redis resources one connector process holds. */
export interface KitInfrastructure {
  kafka: Kafka;
  publisher: KafkaPublisher;
  admin: TopicAdmin;
  budget: RateBudget;
  /** The provider's concurrent-call slots per tenant (`RateLimit.concurrency`), shared likewise. */
  callSlots: CallSlots;
  leases: LeaseManager;
  /** One holder per key across replicas (OAuth token refreshes, one record's writes), built on the leases. */
  lock: DistributedLock;
  /** The newest catalog version written per record, shared by every replica. */
  writtenVersions: WrittenVersions;
  /** Backfill runs' matching indexes, shared by every replica. */
  matchingIndexes: MatchingIndexStore;
  /** Values shared by every replica (connections' rotated secrets, encrypted before they get here). */
  sharedValues: SharedValues;
  close(): Promise<void>;
}

export interface InfrastructureOptions {
  system: string;
  brokers: readonly string[];
  clientId: string;
  topicPrefix: string;
  kafkaSecurity?: KafkaSecuritySettings;
  redisUrl: string | undefined;
  redisTlsCaFile?: string;
  logger: KitLogger;
}

/**
 * Connects to Kafka (creating the connector's topics if missing) and, when REDIS_URL is set, to
 * Redis for the shared rate budget and leases; without Redis the budget is in-process, which is
 * only right for a single replica, and the log says so.
 */
export async function connectInfrastructure(
  options: InfrastructureOptions,
): Promise<KitInfrastructure> {
  const kafka = createKafkaClient({
    brokers: [...options.brokers],
    clientId: options.clientId,
    logger: options.logger,
    ...kafkaSecurityOptions(options.kafkaSecurity ?? {}),
  });
  const admin = new TopicAdmin(kafka);
  await admin.ensureTopics(kitTopicSpecs(options.system, options.topicPrefix));
  const publisher = new KafkaPublisher(kafka);
  await publisher.connect();
  const namespace = `concord:${options.topicPrefix}${options.system}`;
  let redis: Redis | null = null;
  let budget: RateBudget;
  let callSlots: CallSlots;
  let leases: LeaseManager;
  let writtenVersions: WrittenVersions;
  let matchingIndexes: MatchingIndexStore;
  let sharedValues: SharedValues;
  if (options.redisUrl) {
    redis = createRedisClient(options.redisUrl, options.redisTlsCaFile);
    await redis.connect();
    budget = new RedisRateBudget(redis, namespace);
    callSlots = new RedisCallSlots(redis, namespace);
    leases = new RedisLeases(redis, namespace);
    writtenVersions = new RedisWrittenVersions(redis, namespace);
    matchingIndexes = new RedisMatchingIndexStore(redis, namespace);
    sharedValues = new RedisSharedValues(redis, namespace);
    options.logger.info({ budget: 'redis' }, 'rate budget shared by all replicas through Redis');
  } else {
    budget = new InProcessRateBudget();
    callSlots = new InProcessCallSlots();
    leases = new InProcessLeases();
    writtenVersions = new InProcessWrittenVersions();
    matchingIndexes = new InProcessMatchingIndexStore();
    sharedValues = new InProcessSharedValues();
    options.logger.warn(
      { budget: 'in-process' },
      'REDIS_URL is not set: rate budget and leases are in-process; run a single replica',
    );
  }
  return {
    kafka,
    publisher,
    admin,
    budget,
    callSlots,
    leases,
    lock: new LeaseLock(leases),
    writtenVersions,
    matchingIndexes,
    sharedValues,
    close: async () => {
      await publisher.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
      await budget.close().catch(() => undefined);
    },
  };
}

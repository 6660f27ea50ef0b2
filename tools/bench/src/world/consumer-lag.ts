import { randomSuffix } from '@concord/testing';
import { Kafka, logLevel } from 'kafkajs';

/**
 * Total lag of every consumer group of the deployment (groups carry the topic prefix), summed
 * over the partitions they have committed offsets for.
 */
export async function deploymentLag(brokers: string[], prefix: string): Promise<number> {
  const kafka = new Kafka({
    clientId: `bench-lag-${randomSuffix()}`,
    brokers,
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const ends = new Map<string, Map<number, bigint>>();
    let lag = 0n;
    for (const { groupId } of groups.filter((g) => g.groupId.startsWith(prefix))) {
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
        if (!ends.has(topic)) {
          const offsets = await admin.fetchTopicOffsets(topic);
          ends.set(topic, new Map(offsets.map((o) => [o.partition, BigInt(o.high)])));
        }
        for (const { partition, offset } of partitions) {
          const committed = BigInt(offset);
          const end = ends.get(topic)?.get(partition) ?? 0n;
          if (committed >= 0n && end > committed) lag += end - committed;
        }
      }
    }
    return Number(lag);
  } finally {
    await admin.disconnect();
  }
}

/** Waits until the deployment's consumers have caught up (lag 0), or `timeoutMs` passed. */
export async function waitUntilCaughtUp(
  brokers: string[],
  prefix: string,
  timeoutMs = 180_000,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let lag = await deploymentLag(brokers, prefix);
  while (lag > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    lag = await deploymentLag(brokers, prefix);
  }
  return lag;
}

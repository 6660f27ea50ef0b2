/**
 * Rows are split into shards by a stable hash of their aggregate id (the Kafka key), so all
 * events of one entity are in one shard. A shard is published only by the relay holding its
 * session advisory lock: (OUTBOX_LOCK_NAMESPACE, shard). Every relay of a deployment must use the
 * same shard count.
 */
export const OUTBOX_LOCK_NAMESPACE = 724_311_001;

/** SQL for the shard of `aggregateid`, with the shard count as parameter `$1`. */
export const SHARD_OF_ROW_SQL = 'mod(hashtext(aggregateid)::bigint + 2147483648, $1::bigint)::int';

/** The application_name of every relay session: how relays count each other to share shards. */
export const RELAY_APPLICATION_NAME = 'concord-outbox-relay';

export function allShards(count: number): number[] {
  return Array.from({ length: count }, (_, shard) => shard);
}

/** The shards one of `relays` live relays should hold at most: an even share, rounded up. */
export function fairShare(shards: number, relays: number): number {
  return Math.ceil(shards / Math.max(1, relays));
}

import type { Redis } from 'ioredis';

import {
  catalogField,
  claimField,
  type MatchAnswer,
  type MatchingIndexStatus,
  type MatchingIndexStore,
  READY_FIELD,
  statusOf,
} from './matching-index-store';

/** An index outlives any backfill run that uses it; each write extends it. */
const INDEX_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Own id first; then the first unclaimed record under a key, claimed for the catalog id in the
 * same step (two replicas matching two catalog records to one external record: one wins).
 */
const MATCH_LUA = `
local status = redis.call('HGET', KEYS[1], '${READY_FIELD}')
if status ~= 'ready' then return {status or 'missing'} end
local own = redis.call('HGET', KEYS[1], 'c:' .. ARGV[1])
if own then return {'ready', own} end
for i = 3, #ARGV do
  local id = redis.call('HGET', KEYS[1], ARGV[i])
  if id then
    redis.call('HDEL', KEYS[1], ARGV[i])
    if redis.call('HSETNX', KEYS[1], 'x:' .. id, ARGV[1]) == 1 then
      redis.call('HSET', KEYS[1], 'c:' .. ARGV[1], id)
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return {'ready', id}
    end
  end
end
return {'ready'}
`;

/** A claim is kept only in an index that is ready (one that expired is not brought back empty). */
const CLAIM_LUA = `
if redis.call('HGET', KEYS[1], '${READY_FIELD}') ~= 'ready' then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3], ARGV[2], ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

/**
 * Matching indexes shared by every replica through Redis: one hash per index, expiring a day after
 * its last write. Up to {@link REDIS_MAX_RECORDS} records per index (some hundred bytes each in
 * Redis, so about 100 MB at the bound), read into Redis one page per round trip; the connector's
 * heap holds one page at a time.
 */
export class RedisMatchingIndexStore implements MatchingIndexStore {
  readonly maxRecords = REDIS_MAX_RECORDS;

  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  async status(index: string): Promise<MatchingIndexStatus> {
    return statusOf(await this.redis.hget(this.key(index), READY_FIELD));
  }

  async load(index: string, entries: ReadonlyArray<readonly [string, string]>): Promise<void> {
    if (entries.length === 0) return;
    const key = this.key(index);
    const pipeline = this.redis.pipeline();
    for (const [field, value] of entries) pipeline.hsetnx(key, field, value);
    pipeline.pexpire(key, INDEX_TTL_MS);
    await pipeline.exec();
  }

  async finish(index: string, status: Exclude<MatchingIndexStatus, 'missing'>): Promise<void> {
    const key = this.key(index);
    const pipeline = this.redis.pipeline();
    // A system too large to index keeps only its verdict, not the entries read so far.
    if (status === 'too-large') pipeline.del(key);
    pipeline.hset(key, READY_FIELD, status);
    pipeline.pexpire(key, INDEX_TTL_MS);
    await pipeline.exec();
  }

  async match(
    index: string,
    catalogId: string,
    keyFields: readonly string[],
  ): Promise<MatchAnswer> {
    const answer = (await this.redis.eval(
      MATCH_LUA,
      1,
      this.key(index),
      catalogId,
      String(INDEX_TTL_MS),
      ...keyFields,
    )) as [string, string?];
    const status = statusOf(answer[0]);
    if (status !== 'ready') return { status };
    return { status, externalId: answer[1] ?? null };
  }

  async claim(index: string, catalogId: string, externalId: string): Promise<void> {
    await this.redis.eval(
      CLAIM_LUA,
      1,
      this.key(index),
      catalogField(catalogId),
      claimField(externalId),
      externalId,
      catalogId,
      String(INDEX_TTL_MS),
    );
  }

  private key(index: string): string {
    return `${this.namespace}:matching-index:${index}`;
  }
}

export const REDIS_MAX_RECORDS = 1_000_000;

import type { Redis } from 'ioredis';

/**
 * The newest catalog version written to the external system per record, shared by every replica
 * of a connector. Staleness is decided by these versions alone, never by a clock: a version at or
 * below the register's was overtaken (a retry parked before a newer change was written, or a
 * replica that saw the older event late), and writing it would undo the newer one.
 */
export interface WrittenVersions {
  /** The newest version written for `record`, or null when none was. */
  latest(record: string): Promise<number | null>;
  /** Raises the register to `version` (compare-and-set: it never goes down). */
  advance(record: string, version: number): Promise<void>;
}

/** One process's register, for a single replica without Redis. */
export class InProcessWrittenVersions implements WrittenVersions {
  private readonly versions = new Map<string, number>();

  latest(record: string): Promise<number | null> {
    return Promise.resolve(this.versions.get(record) ?? null);
  }

  advance(record: string, version: number): Promise<void> {
    const current = this.versions.get(record);
    if (current === undefined || current < version) this.versions.set(record, version);
    return Promise.resolve();
  }
}

/** Sets the register only upward, in one atomic step. */
const ADVANCE_LUA = `
local current = tonumber(redis.call('GET', KEYS[1]))
local version = tonumber(ARGV[1])
if current == nil or current < version then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
end
return 1
`;

/** Kept long past any retry or redelivery of the versions they guard. */
const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** The register shared through Redis by every replica. */
export class RedisWrittenVersions implements WrittenVersions {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  async latest(record: string): Promise<number | null> {
    const value = await this.redis.get(this.key(record));
    return value === null ? null : Number(value);
  }

  async advance(record: string, version: number): Promise<void> {
    await this.redis.eval(ADVANCE_LUA, 1, this.key(record), String(version), String(RETENTION_MS));
  }

  private key(record: string): string {
    return `${this.namespace}:written-version:${record}`;
  }
}

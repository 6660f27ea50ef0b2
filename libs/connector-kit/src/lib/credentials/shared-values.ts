import type { Redis } from 'ioredis';

/**
 * Small values every replica of the connector reads and writes (rotated OAuth tokens, already
 * encrypted by `ConnectionSecrets`): Redis when `REDIS_URL` is set, else this process's memory.
 */
export interface SharedValues {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/** Shared by every replica through Redis, under the connector's namespace. */
export class RedisSharedValues implements SharedValues {
  constructor(
    private readonly redis: Redis,
    private readonly namespace: string,
  ) {}

  get(key: string): Promise<string | null> {
    return this.redis.get(`${this.namespace}:shared:${key}`);
  }

  async set(key: string, value: string): Promise<void> {
    await this.redis.set(`${this.namespace}:shared:${key}`, value);
  }
}

/** One replica only (no Redis): the values live as long as the process. */
export class InProcessSharedValues implements SharedValues {
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
}

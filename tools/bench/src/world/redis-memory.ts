import Redis from 'ioredis';

/**
 * Bytes Redis holds for the keys of one database (MEMORY USAGE summed over a SCAN), so the
 * figure is the bench's own even on a Redis that tests and `npm start` share (other databases).
 */
export async function redisDatabaseBytes(url: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    let bytes = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'COUNT', 500);
      cursor = next;
      for (const key of keys) bytes += Number((await redis.memory('USAGE', key)) ?? 0);
    } while (cursor !== '0');
    return bytes;
  } finally {
    redis.disconnect();
  }
}

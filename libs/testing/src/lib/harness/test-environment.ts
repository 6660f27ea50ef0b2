/** Kafka brokers for tests: env KAFKA_BROKERS (comma-separated), default the test broker on 127.0.0.1:19092. */
export function testKafkaBrokers(): string[] {
  return (process.env.KAFKA_BROKERS ?? '127.0.0.1:19092')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}

/** Redis for tests: env REDIS_URL, default database 15 of the local server. */
export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379/15';
}

/** Admin (superuser) URL of the test PostgreSQL server: env DATABASE_URL, default the local server. */
export function testDatabaseAdminUrl(): string {
  return process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

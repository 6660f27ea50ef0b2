import { randomBytes } from 'node:crypto';

/** 8 lower-case hex characters: unique enough to keep parallel suites apart. */
export function randomSuffix(): string {
  return randomBytes(4).toString('hex');
}

/** A topic-name prefix of its own for one test, e.g. `t3f9a1c.`. */
export function testTopicPrefix(): string {
  return `t${randomSuffix().slice(0, 6)}.`;
}

/** A tenant of its own for one test, e.g. `tenant-3f9a1c2b`. */
export function testTenantId(): string {
  return `tenant-${randomSuffix()}`;
}

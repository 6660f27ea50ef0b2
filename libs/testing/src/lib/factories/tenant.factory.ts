import { randomBytes, randomUUID } from 'node:crypto';

import type { EntityId, TenantId } from '@concord/model';

/** A fresh, valid tenant id, so each test owns its data and never sees another test's. */
export function aTenantId(): TenantId {
  return `t${randomBytes(6).toString('hex')}`;
}

export function anEntityId(): EntityId {
  return randomUUID();
}

/** ISO timestamp of now, the default for every factory's timestamps. */
export function nowIso(): string {
  return new Date().toISOString();
}

import { randomUUID } from 'node:crypto';

import {
  CATALOG_EVENT_SOURCE,
  catalogEventKey,
  createEnvelope,
  envelopeHeaders,
} from '@concord/model';
import { aCustomer, type CollectedMessage } from '@concord/testing';
import type { Pool } from 'pg';

export interface Backlog {
  tenantId: string;
  keys: string[];
  versions: number;
  total: number;
}

/**
 * Writes `versions` consecutive events for each of `entities` customers straight into the outbox,
 * version by version, so every shard and every entity has a long queue: a backlog as a relay
 * finds it after an outage.
 */
export async function seedOutboxBacklog(
  db: Pool,
  tenantId: string,
  entities: number,
  versions: number,
): Promise<Backlog> {
  const ids = Array.from({ length: entities }, () => randomUUID());
  for (let version = 1; version <= versions; version += 1) {
    const rows = ids.map((id) => {
      const entity = aCustomer({ id, tenantId, version, name: `Customer v${version}` });
      const envelope = createEnvelope({
        id: randomUUID(),
        source: CATALOG_EVENT_SOURCE,
        type:
          version === 1 ? 'concord.catalog.customer.created' : 'concord.catalog.customer.updated',
        subject: id,
        tenant: tenantId,
        origin: 'catalog',
        entityVersion: version,
        data: {
          operation: version === 1 ? 'created' : 'updated',
          entity,
          changedFields: ['name'],
        },
      });
      return [
        envelope.id,
        catalogEventKey(tenantId, id),
        envelope.type,
        JSON.stringify(envelope),
        tenantId,
        JSON.stringify(envelopeHeaders(envelope)),
      ];
    });
    const values = rows
      .map((_, i) => {
        const p = i * 6;
        return `($${p + 1}, 'customer', $${p + 2}, $${p + 3}, $${p + 4}::jsonb, $${p + 5}, $${p + 6}::jsonb)`;
      })
      .join(', ');
    await db.query(
      `INSERT INTO outbox (id, aggregatetype, aggregateid, type, payload, tenant, headers) VALUES ${values}`,
      rows.flat(),
    );
  }
  return {
    tenantId,
    keys: ids.map((id) => catalogEventKey(tenantId, id)),
    versions,
    total: entities * versions,
  };
}

export async function unpublishedCount(db: Pool): Promise<number> {
  const { rows } = await db.query(
    'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL',
  );
  return rows[0].n;
}

/**
 * For each key, the versions in the order they first appear in its partition. At-least-once
 * delivery may repeat a version; what must never happen is a version appearing before an earlier
 * one did (an inversion) or a version missing (a gap).
 */
export function firstSeenVersions(messages: CollectedMessage[]): Map<string, number[]> {
  const byKey = new Map<string, CollectedMessage[]>();
  for (const message of messages) {
    const list = byKey.get(message.key ?? '') ?? [];
    list.push(message);
    byKey.set(message.key ?? '', list);
  }
  const result = new Map<string, number[]>();
  for (const [key, list] of byKey) {
    list.sort((a, b) => Number(BigInt(a.offset) - BigInt(b.offset)));
    const seen: number[] = [];
    for (const message of list) {
      const version = Number(message.headers['x-entity-version']);
      if (!seen.includes(version)) seen.push(version);
    }
    result.set(key, seen);
  }
  return result;
}

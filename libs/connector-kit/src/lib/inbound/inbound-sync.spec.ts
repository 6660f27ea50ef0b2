import { contentHash, type InboundChange } from '@concord/model';
import { aCustomer } from '@concord/testing';

import { fakeDefinition, FakeSystem } from '../../../test/fake-system';
import { connectionSettings, outboundHarness } from '../../../test/kit-harness';
import type { PollSource } from '../definition/inbound-source';
import { silentKitLogger } from '../definition/kit-logger';
import { InboundSync } from './inbound-sync';

async function setup() {
  const system = new FakeSystem();
  const definition = fakeDefinition(system);
  const harness = outboundHarness(definition);
  const settings = connectionSettings('fakesys');
  await harness.connect(settings);
  const sync = new InboundSync(
    definition,
    harness.state,
    harness.caller,
    harness.inbound,
    silentKitLogger,
  );
  const entry = harness.registry.forTenant(settings.tenant);
  if (!entry) throw new Error('no connection');
  const scope = { tenant: settings.tenant, connectionId: settings.connectionId };
  const published = () =>
    harness.sender.on(harness.topics.inbound).map((m) => m.value as InboundChange);
  return { system, harness, settings, sync, entry, scope, published };
}

describe('InboundSync', () => {
  it('polls from the durable cursor and moves it only after publishing', async () => {
    const { sync, entry, harness, scope, published } = await setup();
    const seen: Array<string | null> = [];
    const source: PollSource<unknown> = {
      stream: 'changes',
      poll: async (cursor) => {
        seen.push(cursor);
        return {
          changes: [
            {
              entityType: 'customer',
              externalId: 'c_1',
              operation: 'delete',
              sourceEventId: `e-${cursor ?? 0}`,
              changedAt: '2025-01-01T00:00:00.000Z',
              externalVersion: null,
              content: null,
            },
          ],
          nextCursor: `${Number(cursor ?? 0) + 1}`,
        };
      },
    };
    await sync.poll(entry, source as never, 'poll');
    await sync.poll(entry, source as never, 'poll');
    expect(seen).toEqual([null, '1']);
    expect(harness.state.cursor(scope, 'poll.changes')).toBe('2');
    expect(published().map((c) => [c.data.operation, c.data.reason])).toEqual([
      ['delete', 'poll'],
      ['delete', 'poll'],
    ]);

    harness.sender.failNext = true;
    await expect(sync.poll(entry, source as never, 'poll')).rejects.toThrow();
    expect(harness.state.cursor(scope, 'poll.changes')).toBe('2');
  });

  it('removes control characters an external system sent, so the record still syncs', async () => {
    const { sync, entry, published } = await setup();
    const { id, tenantId, version, createdAt, updatedAt, deletedAt, ...content } = aCustomer();
    void [id, tenantId, version, createdAt, updatedAt, deletedAt];
    const dirty = {
      ...content,
      name: 'Ada\u0000 Love\u001blace',
      address: { line1: 'Flat 2\r\n12 Row\u0007', line2: 'Back\tdoor', country: 'GB' },
      metadata: { 'note\u0001': 'a\u0000b' },
    };
    const source: PollSource<unknown> = {
      stream: 'changes',
      poll: async () => ({
        changes: [
          {
            entityType: 'customer',
            externalId: 'c_dirty',
            operation: 'upsert',
            sourceEventId: 'e-dirty',
            changedAt: '2025-01-01T00:00:00.000Z',
            externalVersion: null,
            content: dirty,
          },
        ],
        nextCursor: '1',
      }),
    };
    await sync.poll(entry, source as never, 'poll');
    expect(published().map((change) => change.data.content)).toEqual([
      {
        ...content,
        name: 'Ada Lovelace',
        address: { line1: 'Flat 2\r\n12 Row', line2: 'Back\tdoor', country: 'GB' },
        metadata: { note: 'ab' },
      },
    ]);
  });

  it('carries the catalog id a record holds when it is well formed, and drops one that is not', async () => {
    const { sync, entry, published } = await setup();
    const catalogId = '0b6e1f4a-3c2d-4e5f-8a9b-1c2d3e4f5a6b';
    const upsert = (externalId: string, id: string | null) => ({
      entityType: 'customer' as const,
      externalId,
      operation: 'upsert' as const,
      sourceEventId: `e-${externalId}`,
      changedAt: '2025-01-01T00:00:00.000Z',
      externalVersion: null,
      content: { name: externalId },
      catalogId: id,
    });
    const source: PollSource<unknown> = {
      stream: 'changes',
      poll: async () => ({
        changes: [
          upsert('c_ours', catalogId),
          upsert('c_typed', 'not-a-catalog-id'),
          upsert('c_plain', null),
        ],
        nextCursor: '1',
      }),
    };
    await sync.poll(entry, source as never, 'poll');
    expect(published().map((change) => [change.data.externalId, change.data.catalogId])).toEqual([
      ['c_ours', catalogId],
      ['c_typed', undefined],
      ['c_plain', undefined],
    ]);
  });

  it('publishes every listed record for a backfill except those equal to what was last synced', async () => {
    const { system, sync, entry, harness, scope, published } = await setup();
    const { id, tenantId, version, createdAt, updatedAt, deletedAt, ...content } = aCustomer();
    void [tenantId, version, createdAt, updatedAt, deletedAt];
    const synced = system.put('customer', content, id);
    await harness.state.saveLink(scope, 'customer', id, {
      externalId: synced.id,
      parts: {},
      contentHash: contentHash('customer', content),
    });
    const fresh = system.put('customer', { name: 'Only in the system' });

    expect(await sync.list(entry, 'backfill')).toEqual({ seen: 2, published: 1 });
    expect(published().map((c) => [c.subject, c.data.reason])).toEqual([[fresh.id, 'backfill']]);
  });
});

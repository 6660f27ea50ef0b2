import { randomUUID } from 'node:crypto';

import { connectorStateKey } from '@concord/model';
import { aTenantId } from '@concord/testing';

import { CapturingSender } from '../../../test/kit-harness';
import { silentKitLogger } from '../definition/kit-logger';
import { ConnectorStateStore } from './connector-state-store';
import { parseStateKey } from './state-keys';

const scope = { tenant: aTenantId(), connectionId: randomUUID() };

function record(key: string, value: object | null, offset = '0') {
  return {
    key,
    value: value === null ? null : Buffer.from(JSON.stringify(value)),
    partition: 0,
    offset,
  };
}

describe('ConnectorStateStore', () => {
  it('writes links to the compacted topic under tenant:connection:link.<type>.<id>, parts apart', async () => {
    const sender = new CapturingSender();
    const store = new ConnectorStateStore('state', sender, silentKitLogger);
    const productId = randomUUID();
    await store.saveLink(scope, 'product', productId, {
      externalId: 'prod_1',
      parts: { price: 'price_1' },
      contentHash: 'a'.repeat(64),
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    expect(sender.sent.map((m) => m.key)).toEqual([
      connectorStateKey(scope.tenant, scope.connectionId, `link.product.${productId}`),
      connectorStateKey(scope.tenant, scope.connectionId, `link.product.${productId}.price`),
    ]);
    expect(sender.sent[0].value).toMatchObject({
      kind: 'link',
      externalId: 'prod_1',
      entityId: productId,
    });
    const lookup = store.lookup(scope);
    expect(lookup.externalId('product', productId)).toBe('prod_1');
    expect(lookup.externalId('product', productId, 'price')).toBe('price_1');
    expect(lookup.entityId('product', 'prod_1')).toBe(productId);
  });

  it('loads links, parts and cursors read back from the topic, in any order, and honours tombstones', () => {
    const store = new ConnectorStateStore('state', new CapturingSender(), silentKitLogger);
    const id = randomUUID();
    const key = (stream: string) => connectorStateKey(scope.tenant, scope.connectionId, stream);
    const link = (externalId: string) => ({
      kind: 'link',
      entityType: 'product',
      entityId: id,
      externalId,
      contentHash: null,
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    store.apply(record(key(`link.product.${id}.price`), link('price_9')));
    store.apply(record(key(`link.product.${id}`), link('prod_9')));
    store.apply(
      record(key('cursor.poll.events'), {
        kind: 'cursor',
        stream: 'poll.events',
        cursor: 'evt_1',
        updatedAt: '2025-01-01T00:00:00.000Z',
      }),
    );
    expect(store.lookup(scope).externalId('product', id, 'price')).toBe('price_9');
    expect(store.link(scope, 'product', id)?.externalId).toBe('prod_9');
    expect(store.cursor(scope, 'poll.events')).toBe('evt_1');

    store.apply(record(key(`link.product.${id}`), null));
    expect(store.link(scope, 'product', id)).toBeNull();
    expect(store.lookup(scope).entityId('product', 'prod_9')).toBeNull();
  });

  it("replaces a deleted record's link by a tombstone that keeps its time, also when read back", async () => {
    const sender = new CapturingSender();
    const store = new ConnectorStateStore('state', sender, silentKitLogger);
    const productId = randomUUID();
    await store.saveLink(scope, 'product', productId, {
      externalId: 'prod_9',
      parts: { price: 'price_9' },
      contentHash: 'b'.repeat(64),
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    await store.markDeleted(scope, 'product', productId, 'prod_9', {
      updatedAt: '2025-01-02T00:00:00.000Z',
      version: 4,
    });

    expect(store.link(scope, 'product', productId)).toBeNull();
    expect(store.lookup(scope).entityId('product', 'prod_9')).toBeNull();
    expect(store.lastWrittenVersion(scope, 'product', productId)).toBe(4);
    const tombstone = sender.sent.slice(-2);
    expect(tombstone.map((m) => m.value)).toEqual([
      expect.objectContaining({ externalId: 'prod_9', deleted: true, version: 4 }),
      null,
    ]);

    const restarted = new ConnectorStateStore('state', new CapturingSender(), silentKitLogger);
    sender.sent.forEach((m, i) =>
      restarted.apply(record(m.key ?? '', m.value as object | null, String(i))),
    );
    expect(restarted.link(scope, 'product', productId)).toBeNull();
    expect(restarted.lastWrittenVersion(scope, 'product', productId)).toBe(4);
  });

  it('ignores records it cannot read', () => {
    const store = new ConnectorStateStore('state', new CapturingSender(), silentKitLogger);
    const id = randomUUID();
    store.apply(
      record(connectorStateKey(scope.tenant, scope.connectionId, `link.customer.${id}`), {
        kind: 'nonsense',
      }),
    );
    store.apply(record('garbage', { kind: 'cursor' }));
    expect(store.link(scope, 'customer', id)).toBeNull();
  });

  it('tells listeners when a cursor changes', async () => {
    const store = new ConnectorStateStore('state', new CapturingSender(), silentKitLogger);
    const seen: Array<string | null> = [];
    store.onCursorChange((_scope, name, cursor) => seen.push(`${name}=${cursor}`));
    await store.saveCursor(scope, 'attention', 'revoked');
    await store.saveCursor(scope, 'attention', 'revoked');
    await store.saveCursor(scope, 'attention', '');
    expect(seen).toEqual(['attention=revoked', 'attention=']);
  });
});

describe('parseStateKey', () => {
  it('reads link, part and cursor keys and refuses others', () => {
    const id = randomUUID();
    expect(parseStateKey(`t1:c1:link.invoice.${id}`)).toEqual({
      kind: 'link',
      tenant: 't1',
      connectionId: 'c1',
      entityType: 'invoice',
      entityId: id,
      part: null,
    });
    expect(parseStateKey(`t1:c1:link.product.${id}.price`)).toMatchObject({ part: 'price' });
    expect(parseStateKey('t1:c1:cursor.webhook-endpoint')).toEqual({
      kind: 'cursor',
      tenant: 't1',
      connectionId: 'c1',
      name: 'webhook-endpoint',
    });
    expect(parseStateKey(`t1:c1:link.order.${id}`)).toBeNull();
    expect(parseStateKey('t1')).toBeNull();
  });
});

import { topicCatalog } from '@concord/model';

import { CONNECTION_AGGREGATE, OutboxRouting } from './outbox-routing';
import { allShards, fairShare } from './outbox-shards';
import { OUTBOX_CHANNEL, OUTBOX_TABLE_STATEMENTS } from './outbox-table';

describe('OutboxRouting', () => {
  const routing = new OutboxRouting('t1.');

  it('routes every entity type to its catalog topic, and connections to the compacted topic', () => {
    expect(routing.routeOf('customer')).toEqual({
      topic: 't1.catalog.customer.v1',
      tombstones: false,
    });
    expect(routing.routeOf(CONNECTION_AGGREGATE)).toEqual({
      topic: 't1.integration.connections.v1',
      tombstones: true,
    });
    expect(routing.routeOf('invoice_line')).toBeUndefined();
  });

  it('declares exactly the catalog and connections topics of the model, with their partitions', () => {
    const model = topicCatalog([]).filter((t) => t.kind === 'catalog' || t.kind === 'connections');
    expect(routing.topics).toEqual(
      model.map((t) => ({
        name: `t1.${t.name}`,
        partitions: t.partitions,
        ...(t.compacted ? { config: { 'cleanup.policy': 'compact' } } : {}),
      })),
    );
  });
});

describe('outbox shards', () => {
  it('gives each of several relays an even share, rounded up', () => {
    expect(allShards(4)).toEqual([0, 1, 2, 3]);
    expect([1, 2, 3, 4, 5].map((relays) => fairShare(4, relays))).toEqual([4, 2, 2, 1, 1]);
    expect(fairShare(4, 0)).toBe(4);
  });
});

describe('the outbox table contract', () => {
  it('creates the Debezium outbox router columns and the NOTIFY trigger on its channel', () => {
    const ddl = OUTBOX_TABLE_STATEMENTS.join('\n');
    for (const column of ['id uuid', 'aggregatetype', 'aggregateid', 'payload jsonb', 'headers']) {
      expect(ddl).toContain(column);
    }
    expect(ddl).toContain(`pg_notify('${OUTBOX_CHANNEL}', '')`);
  });
});

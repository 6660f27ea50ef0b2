import { createKafkaClient } from '@concord/kafka';
import { connectorConsumerGroup, connectorRetryTopic } from '@concord/model';
import { eventually, testKafkaBrokers } from '@concord/testing';
import type { Consumer } from 'kafkajs';

import { startSyncCatalog, type SyncTestCatalog } from '../../../test/sync-test-kit';
import type { TestTenant } from '../../../test/test-catalog';
import type { IntegrationOverview } from '../../operator/integrations-overview.service';

jest.setTimeout(120_000);

describe('outbound backfill paced by the connector (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;
  let connector: Consumer | null = null;

  beforeAll(async () => {
    // Pages of 2; no page while the connector has 3 or more retry messages left to read.
    catalog = await startSyncCatalog({ BACKFILL_PAGE_SIZE: '2', BACKFILL_MAX_RETRY_LAG: '3' });
    await catalog.addConnector('stripe');
  });

  afterAll(async () => {
    await connector?.disconnect().catch(() => undefined);
    await catalog?.close();
  });

  async function backfillOf(tenant: TestTenant): Promise<IntegrationOverview['backfill']> {
    const response = await tenant.client.get<{ data: IntegrationOverview[] }>(
      '/v1/overview/integrations',
    );
    expect(response.status).toBe(200);
    return response.body.data.find((item) => item.system === 'stripe')?.backfill ?? null;
  }

  /**
   * Plays connector-stripe: its consumer group reads the retry topic and commits. Each record
   * read as its key and whether the snapshot said more of it follows.
   */
  async function startConnectorReading(): Promise<Array<{ key: string; continues: string }>> {
    const read: Array<{ key: string; continues: string }> = [];
    const kafka = createKafkaClient({ brokers: testKafkaBrokers(), clientId: 'flow-control' });
    connector = kafka.consumer({
      groupId: `${catalog.prefix}${connectorConsumerGroup('stripe')}`,
      sessionTimeout: 6000,
    });
    await connector.connect();
    await connector.subscribe({
      topic: catalog.topic(connectorRetryTopic('stripe')),
      fromBeginning: true,
    });
    await connector.run({
      eachMessage: async ({ message }) => {
        read.push({
          key: message.key?.toString() ?? '',
          continues: message.headers?.['x-concord-snapshot-continues']?.toString() ?? '',
        });
      },
    });
    return read;
  }

  it('sends pages while the connector keeps up, holds them while it does not', async () => {
    const tenant = await catalog.newTenant();
    for (let i = 0; i < 7; i += 1) {
      expect((await tenant.client.post('/v1/customers', { name: `Paced ${i}` })).status).toBe(201);
    }
    await catalog.connect(tenant, 'stripe', { enabled: true, entityTypes: ['customer'] });

    // Nobody reads the retry topic: two pages go out, then the backfill waits, however many
    // polls pass (the catalog polls every 100 ms here).
    await eventually(async () => expect(await backfillOf(tenant)).toMatchObject({ published: 4 }));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await backfillOf(tenant)).toMatchObject({ status: 'running', published: 4, total: 7 });

    // The connector reads and commits: the rest follows, and it read every record once.
    const read = await startConnectorReading();
    await eventually(
      async () => expect(await backfillOf(tenant)).toMatchObject({ status: 'done', published: 7 }),
      { timeoutMs: 60_000 },
    );
    await eventually(async () => expect(read).toHaveLength(7), { timeoutMs: 30_000 });
    expect(new Set(read.map((record) => record.key)).size).toBe(7);
    // Pages of 2, 2, 2 and 1: only the last page says the snapshot ends with it.
    expect(read.filter((record) => record.continues === 'true')).toHaveLength(6);
    expect(read.filter((record) => record.continues === 'false')).toHaveLength(1);
  });
});

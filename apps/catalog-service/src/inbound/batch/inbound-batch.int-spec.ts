import {
  CatalogConsumerGroups,
  connectorInboundTopic,
  deadLetterTopic,
  type InboundChange,
  inboundChangeKey,
} from '@concord/model';
import { anInboundChange, eventually } from '@concord/testing';

import { publishOnePartition, SqlWatch, watchOffsetCommits } from '../../../test/applier-probes';
import { startSyncCatalog, type SyncTestCatalog } from '../../../test/sync-test-kit';
import type { TestTenant } from '../../../test/test-catalog';
import { SyncKafka } from '../../kafka/sync-kafka.service';
import { catalogConsumerGroups } from '../sync-topics';
import { ApplierBatchHandler } from './applier-batch-handler';

jest.setTimeout(120_000);

/**
 * The applier in batches, against the real broker and database: the statements are counted at the
 * pg driver and the offset commits at the Kafka client, as an operator's tracing would see them.
 */
describe('inbound applier in batches (real PostgreSQL and Kafka)', () => {
  let catalog: SyncTestCatalog;
  let sql: SqlWatch;
  let commits: ReturnType<typeof watchOffsetCommits>;
  let tenant: TestTenant;
  let connectionId: string;
  let inboundTopic: string;

  beforeAll(async () => {
    catalog = await startSyncCatalog();
    sql = new SqlWatch(catalog.app);
    // Before the applier subscribes to the connector's topics, so its consumer is watched.
    commits = watchOffsetCommits(catalog.app);
    await catalog.addConnector('stripe');
    inboundTopic = catalog.topic(connectorInboundTopic('stripe'));
  });

  beforeEach(async () => {
    tenant = await catalog.newTenant();
    const view = await catalog.connect(tenant, 'stripe', { enabled: true, direction: 'both' });
    connectionId = view.connectionId;
  });

  afterAll(async () => {
    await catalog?.close();
  });

  const inbound = (overrides: Parameters<typeof anInboundChange>[0] = {}): InboundChange =>
    anInboundChange({ tenant: tenant.tenantId, connectionId, system: 'stripe', ...overrides });

  const customer = (externalId: string, name: string, version = '1'): InboundChange =>
    inbound({
      externalId,
      externalVersion: version,
      content: { name, email: `${externalId}@x.io` },
    });

  function publishBatch(changes: readonly InboundChange[]): Promise<void> {
    return publishOnePartition(
      inboundTopic,
      changes.map((change) => ({
        key: inboundChangeKey(change.tenant, change.data.externalId),
        envelope: change,
      })),
    );
  }

  const resultsOf = (changes: readonly InboundChange[]): Promise<string[]> =>
    Promise.all(
      changes.map((change) => catalog.applied(change.tenant, 'stripe', change.data.sourceEventId)),
    );

  async function customers(): Promise<Array<{ name: string; email: string; version: number }>> {
    const list = await tenant.client.get<{
      data: Array<{ name: string; email: string; version: number }>;
    }>('/v1/customers?limit=100');
    return list.body.data;
  }

  async function outboxCount(): Promise<number> {
    const { rows } = await catalog.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM outbox WHERE tenant = $1',
      [tenant.tenantId],
    );
    return rows[0].n;
  }

  /** Waits until the applier committed everything published to the inbound topic. */
  async function drained(): Promise<void> {
    const kafka = catalog.app.get(SyncKafka);
    const group = catalogConsumerGroups(kafka.prefix).inbound;
    await eventually(
      async () => {
        const lags = await kafka.admin.groupLag(group, [inboundTopic]);
        expect(lags.find((lag) => lag.partition === 0)?.lag).toBe(0);
      },
      { timeoutMs: 20_000 },
    );
  }

  it('applies a batch of 20 changes in one transaction and commits its offsets once, in order per record', async () => {
    const creates = Array.from({ length: 19 }, (_, i) => customer(`cus_${i}`, `Customer ${i}`));
    const rename = customer('cus_0', 'Customer zero', '2');
    const events = await outboxCount();
    sql.start();
    commits.reset();

    await publishBatch([...creates, rename]);

    expect(await resultsOf([...creates, rename])).toEqual([
      ...creates.map(() => 'created'),
      'updated',
    ]);
    await drained();
    expect(sql.transactionsTouching('inbox')).toHaveLength(1);
    expect(commits.commitsOf(inboundTopic)).toBe(1);
    const held = await customers();
    expect(held).toHaveLength(19);
    expect(held).toContainEqual(expect.objectContaining({ name: 'Customer zero', version: 2 }));
    expect(await outboxCount()).toBe(events + 20);
  });

  it('dead-letters the one bad message of a batch with its reason and applies the others', async () => {
    const owner = customer('cus_owner', 'Owner');
    await catalog.publish(inboundTopic, inboundChangeKey(tenant.tenantId, 'cus_owner'), owner);
    expect(await resultsOf([owner])).toEqual(['created']);
    const [ownerView] = (await tenant.client.get<{ data: Array<{ id: string }> }>('/v1/customers'))
      .body.data;
    const made = await tenant.client.post('/v1/invoices', {
      customerId: ownerView.id,
      number: 'INV-TAKEN-1',
      currency: 'EUR',
      issueDate: '2030-01-01',
      lines: [{ productId: null, description: 'Setup', quantity: 1, unitAmount: 100 }],
    });
    expect(made.status).toBe(201);
    const deadLetters = await catalog.collect(
      catalog.topic(deadLetterTopic(CatalogConsumerGroups.inbound)),
    );
    const invoice = (number: string) =>
      inbound({
        entityType: 'invoice',
        externalId: 'in_other',
        content: {
          customerExternalId: 'cus_owner',
          number,
          status: 'draft',
          currency: 'EUR',
          issueDate: '2030-01-02',
          lines: [
            {
              productExternalId: null,
              description: 'Other',
              quantity: 1,
              unitAmount: 7,
              amount: 7,
            },
          ],
          subtotal: 7,
          total: 7,
        },
      });
    const other = invoice('INV-OTHER-1');
    await catalog.publish(inboundTopic, inboundChangeKey(tenant.tenantId, 'in_other'), other);
    expect(await resultsOf([other])).toEqual(['created']);
    // Renumbered to a number the tenant already uses: refused as the API refuses it.
    const poisoned = invoice('INV-TAKEN-1');
    const before = customer('cus_before', 'Before');
    const after = customer('cus_after', 'After');

    await publishBatch([before, poisoned, after]);

    expect(await resultsOf([before, after])).toEqual(['created', 'created']);
    const letter = await deadLetters.waitFor(
      (m) => m.key === inboundChangeKey(tenant.tenantId, 'in_other'),
      20_000,
    );
    expect(letter.headers).toMatchObject({
      'x-dlq-error-code': 'ALREADY_EXISTS',
      'x-dlq-error-message': 'Invoice number "INV-TAKEN-1" is already used in this tenant',
    });
    const invoices = await tenant.client.get<{ data: Array<{ number: string }> }>('/v1/invoices');
    expect(invoices.body.data.map((view) => view.number).sort()).toEqual([
      'INV-OTHER-1',
      'INV-TAKEN-1',
    ]);
  });

  it('loses nothing and applies nothing twice when it stops between the transaction and the offset commit', async () => {
    const handler = catalog.app.get(ApplierBatchHandler);
    const handle = handler.handle.bind(handler);
    let stopped = false;
    const spy = jest.spyOn(handler, 'handle').mockImplementation(async (messages) => {
      const result = await handle(messages);
      // The batch's transaction committed; the offsets are not: the batch comes again.
      if (!stopped && messages.some((message) => message.topic === inboundTopic)) {
        stopped = true;
        throw new Error('stopped before the offset commit');
      }
      return result;
    });
    try {
      const creates = Array.from({ length: 10 }, (_, i) => customer(`cus_c${i}`, `Crash ${i}`));
      const events = await outboxCount();
      sql.start();

      await publishBatch(creates);

      expect(await resultsOf(creates)).toEqual(creates.map(() => 'created'));
      await drained();
      expect(stopped).toBe(true);
      // Handed over again, the batch finds every change in the inbox: nothing is applied twice.
      expect(sql.transactionsTouching('inbox')).toHaveLength(1);
      const held = await customers();
      expect(held).toHaveLength(10);
      expect(held.every((view) => view.version === 1)).toBe(true);
      expect(await outboxCount()).toBe(events + 10);
    } finally {
      spy.mockRestore();
    }
  });

  it('opens no transaction for changes equal to the records as held (read again)', async () => {
    const creates = Array.from({ length: 5 }, (_, i) => customer(`cus_e${i}`, `Echo ${i}`));
    await publishBatch(creates);
    expect(await resultsOf(creates)).toEqual(creates.map(() => 'created'));
    await drained();
    const events = await outboxCount();
    // The same states read again (a listing run): nothing to write, not even the staleness mark.
    const echoes = creates.map((change) => ({
      ...change,
      id: anInboundChange().id,
      data: { ...change.data, sourceEventId: `${change.data.sourceEventId}-again` },
    }));
    sql.start();

    await publishBatch(echoes);
    await drained();

    expect(sql.transactionsTouching('inbox')).toEqual([]);
    expect(sql.transactionsTouching('identity_links')).toEqual([]);
    expect(sql.transactionsTouching('activity')).toEqual([]);
    expect(sql.statementsMatching(/INSERT INTO (inbox|activity|outbox)/)).toEqual([]);
    expect(await outboxCount()).toBe(events);
    const { rows } = await catalog.db.query(
      'SELECT 1 FROM inbox WHERE tenant_id = $1 AND source_event_id = ANY($2::text[])',
      [tenant.tenantId, echoes.map((echo) => echo.data.sourceEventId)],
    );
    expect(rows).toEqual([]);
    expect((await customers()).every((view) => view.version === 1)).toBe(true);
  });
});

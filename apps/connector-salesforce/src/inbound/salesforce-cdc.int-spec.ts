import type { OpenSubscription } from '@concord/connector-kit';
import { SubscriptionCursorExpiredError } from '@concord/connector-kit';
import type { OrgCredentials } from '@concord/simulators/salesforce';
import { eventually } from '@concord/testing';
import type { Connection } from 'jsforce';

import {
  callContext,
  type InProcessSalesforce,
  simulatorConnection,
  startSalesforce,
} from '../../test/salesforce-test-context';
import { salesforceChangeDataCapture as cdc } from './salesforce-cdc.subscription-source';
import type { SalesforceChangeEvent } from './salesforce-change-event';

const HOUR_MS = 60 * 60 * 1000;

/** Change Data Capture with jsforce's Streaming API client against the simulator's CometD endpoint. */
describe('the Salesforce change event subscription against the simulator (jsforce)', () => {
  let salesforce: InProcessSalesforce;
  let org: OrgCredentials;
  let admin: Connection;
  const open: OpenSubscription[] = [];

  beforeAll(async () => {
    salesforce = await startSalesforce();
  });
  afterAll(() => salesforce.close());
  beforeEach(async () => {
    org = salesforce.simulator.createOrg();
    admin = await salesforce.jsforce(org);
  });
  afterEach(async () => {
    for (const subscription of open.splice(0)) await subscription.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  function subscriber(ctx: ReturnType<typeof callContext>, cursor: string | null = null) {
    const received: SalesforceChangeEvent[] = [];
    const failures: unknown[] = [];
    const opening = cdc
      .open(cursor, ctx, {
        received: (event) => received.push(event),
        failed: (error) => failures.push(error),
      })
      .then((subscription) => {
        open.push(subscription);
        return subscription;
      });
    return { received, failures, opening };
  }

  const names = (events: SalesforceChangeEvent[]) => events.map((e) => e.payload['Name']);

  it("streams others' changes from the tip, reads a batch in one query, and recognises Concord's writes", async () => {
    await admin.sobject('Account').create({ Name: 'Before the subscription' });
    const ctx = callContext(simulatorConnection(salesforce.url, org));
    const { received, opening } = subscriber(ctx);
    await opening;

    const ids: string[] = [];
    for (const name of ['Ada', 'Bea', 'Cy', 'Dee', 'Eve']) {
      ids.push(((await admin.sobject('Account').create({ Name: name })) as { id: string }).id);
    }
    await ctx.client.request({ method: 'POST', path: '/sobjects/Account', body: { Name: 'Ours' } });
    await eventually(() => expect(received).toHaveLength(6));
    expect(received.map((event) => cdc.isOwnWrite(event))).toEqual([
      false,
      false,
      false,
      false,
      false,
      true,
    ]);
    const theirs = received.filter((event) => !cdc.isOwnWrite(event));
    ctx.steps.length = 0;
    const drafts = await cdc.toChanges(theirs, ctx);
    expect(ctx.steps).toEqual(['stream-Account']);
    expect(
      drafts.map((d) => [d.externalId, d.operation, (d.content as { name?: string } | null)?.name]),
    ).toEqual(ids.map((id, i) => [id, 'upsert', ['Ada', 'Bea', 'Cy', 'Dee', 'Eve'][i]]));
    expect(cdc.cursorOf(received[5])).toBe(String(received[5].event.replayId));
  });

  it('resumes after a replay id, and refuses one past the retention window as expired', async () => {
    const ctx = callContext(simulatorConnection(salesforce.url, org));
    const first = subscriber(ctx);
    const subscription = await first.opening;
    await admin.sobject('Account').create({ Name: 'Seen' });
    await eventually(() => expect(first.received).toHaveLength(1));
    await subscription.close();
    const cursor = cdc.cursorOf(first.received[0]);

    await admin.sobject('Account').create({ Name: 'Missed 1' });
    await admin.sobject('Account').create({ Name: 'Missed 2' });
    const resumed = subscriber(ctx, cursor);
    await resumed.opening;
    await eventually(() => expect(names(resumed.received)).toEqual(['Missed 1', 'Missed 2']));

    await salesforce.control('clock', { advanceMs: 73 * HOUR_MS });
    admin = await salesforce.jsforce(org);
    await admin.sobject('Account').create({ Name: 'After the window' });
    const later = callContext(simulatorConnection(salesforce.url, org));
    await expect(subscriber(later, cursor).opening).rejects.toBeInstanceOf(
      SubscriptionCursorExpiredError,
    );
  });

  it('maps a price changed in the standard price book to its product, and a delete to a delete', async () => {
    const [book] = (
      await admin.query<{ Id: string }>('SELECT Id FROM Pricebook2 WHERE IsStandard = true')
    ).records;
    const product = (await admin
      .sobject('Product2')
      .create({ Name: 'Widget', IsActive: true })) as { id: string };
    const entry = (await admin.sobject('PricebookEntry').create({
      Pricebook2Id: book.Id,
      Product2Id: product.id,
      UnitPrice: 10,
      IsActive: true,
    })) as { id: string };
    const account = (await admin.sobject('Account').create({ Name: 'Doomed' })) as { id: string };
    const ctx = callContext(simulatorConnection(salesforce.url, org));
    const { received, opening } = subscriber(ctx);
    await opening;

    await admin.sobject('PricebookEntry').update({ Id: entry.id, UnitPrice: 12.5 });
    await admin.sobject('Account').destroy(account.id);
    await eventually(() => expect(received).toHaveLength(2));
    const drafts = await cdc.toChanges(received, ctx);
    expect(drafts).toEqual([
      expect.objectContaining({
        entityType: 'product',
        externalId: product.id,
        operation: 'upsert',
        content: expect.objectContaining({
          name: 'Widget',
          unitPrice: { amount: 1250, currency: 'USD' },
        }),
      }),
      expect.objectContaining({
        entityType: 'customer',
        externalId: account.id,
        operation: 'delete',
        content: null,
      }),
    ]);
  });

  it('ends as retryable when Salesforce ends the session, and opens again with a new token', async () => {
    const ctx = callContext(simulatorConnection(salesforce.url, org));
    const first = subscriber(ctx);
    await first.opening;
    expect(ctx.client.tokenRequests).toBe(1);
    await admin.sobject('Account').create({ Name: 'Before the expiry' });
    await eventually(() => expect(first.received).toHaveLength(1));
    await salesforce.control('sessions/expire', { orgId: org.orgId });
    // A change wakes the held long poll; the next connect is refused.
    admin = await salesforce.jsforce(org);
    await admin.sobject('Account').create({ Name: 'Wakes the poll' });
    await eventually(() => expect(first.failures).toHaveLength(1), { timeoutMs: 15_000 });
    expect(first.failures[0]).toMatchObject({ category: 'retryable' });

    const again = subscriber(ctx, cdc.cursorOf(first.received[0]));
    await again.opening;
    expect(ctx.client.tokenRequests).toBe(2);
    await admin.sobject('Account').create({ Name: 'After the new token' });
    await eventually(() =>
      expect(names(again.received)).toEqual(['Wakes the poll', 'After the new token']),
    );
  });
});

import type { InboundChangeDraft } from '@concord/connector-kit';
import type { OrgCredentials } from '@concord/simulators/salesforce';
import type { Connection } from 'jsforce';

import {
  callContext,
  type InProcessSalesforce,
  simulatorConnection,
  startSalesforce,
} from '../../test/salesforce-test-context';
import { salesforceCustomersPollSource } from './salesforce-customers.poll-source';
import { listAllSalesforce } from './salesforce-listing';
import { salesforceProductsPollSource } from './salesforce-products.poll-source';

describe('the Salesforce inbound sources against the simulator (jsforce)', () => {
  let salesforce: InProcessSalesforce;
  let org: OrgCredentials;
  let admin: Connection;

  beforeAll(async () => {
    salesforce = await startSalesforce();
  });
  afterAll(() => salesforce.close());
  beforeEach(async () => {
    org = salesforce.simulator.createOrg();
    admin = await salesforce.jsforce(org);
  });

  /** Moves the simulation clock, so the next write gets a later SystemModstamp. */
  async function tick(ms = 1_000): Promise<void> {
    await salesforce.control('clock', { advanceMs: ms });
  }

  it('polls customers from a SystemModstamp cursor: nothing old, then changes and deletes once each', async () => {
    const old = (await admin.sobject('Account').create({ Name: 'Before' })) as { id: string };
    const ctx = callContext(simulatorConnection(salesforce.url, org));
    const start = await salesforceCustomersPollSource.poll(null, ctx);
    expect(start.changes).toEqual([]);

    await tick();
    const created = (await admin.sobject('Account').create({
      Name: 'Ada',
      BillingStreet: '1 Loop',
      BillingCountry: 'GB',
    })) as { id: string };
    await admin.sobject('Account').update({ Id: old.id, Name: 'Renamed' });
    const first = await salesforceCustomersPollSource.poll(start.nextCursor, ctx);
    expect(first.changes).toEqual([
      expect.objectContaining({
        entityType: 'customer',
        externalId: created.id,
        operation: 'upsert',
        content: expect.objectContaining({
          name: 'Ada',
          address: { line1: '1 Loop', country: 'GB' },
        }),
      }),
      expect.objectContaining({
        externalId: old.id,
        content: expect.objectContaining({ name: 'Renamed' }),
      }),
    ]);
    // Records sharing the cursor's stamp are not reported twice.
    expect((await salesforceCustomersPollSource.poll(first.nextCursor, ctx)).changes).toEqual([]);

    await tick();
    await admin.sobject('Account').destroy(created.id);
    const second = await salesforceCustomersPollSource.poll(first.nextCursor, ctx);
    expect(second.changes).toEqual([
      expect.objectContaining({ externalId: created.id, operation: 'delete', content: null }),
    ]);
  });

  it('names the catalog record a polled Account carries in Concord_Id__c, and none for an Account typed in Salesforce', async () => {
    const ctx = callContext(simulatorConnection(salesforce.url, org));
    const start = await salesforceCustomersPollSource.poll(null, ctx);
    await tick();
    const catalogId = '5a0c6d2e-8f41-4b7a-9c3d-2e1f0a9b8c7d';
    const ours = (await admin
      .sobject('Account')
      .create({ Name: 'Exported', Concord_Id__c: catalogId })) as { id: string };
    const theirs = (await admin.sobject('Account').create({ Name: 'Typed' })) as { id: string };

    const polled = await salesforceCustomersPollSource.poll(start.nextCursor, ctx);
    const byId = new Map(polled.changes.map((change) => [change.externalId, change]));
    expect(byId.get(ours.id)).toMatchObject({ catalogId });
    expect(byId.get(theirs.id)?.catalogId ?? null).toBeNull();
  });

  it('polls products, a price changed in the standard price book included', async () => {
    const ctx = callContext(simulatorConnection(salesforce.url, org));
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
    const start = await salesforceProductsPollSource.poll(null, ctx);
    expect(start.changes).toEqual([]);

    await tick();
    await admin.sobject('PricebookEntry').update({ Id: entry.id, UnitPrice: 12.5 });
    const polled = await salesforceProductsPollSource.poll(start.nextCursor, ctx);
    expect(polled.changes).toEqual([
      expect.objectContaining({
        entityType: 'product',
        externalId: product.id,
        content: expect.objectContaining({
          name: 'Widget',
          unitPrice: { amount: 1250, currency: 'USD' },
        }),
      }),
    ]);
  });

  it('lists every customer across query pages, deleted ones left out', async () => {
    const total = 2_050;
    for (let offset = 0; offset < total; offset += 200) {
      const records = Array.from({ length: Math.min(200, total - offset) }, (_, i) => ({
        attributes: { type: 'Account' },
        Name: `Account ${offset + i}`,
      }));
      await admin.request({
        method: 'POST',
        url: '/composite/sobjects',
        body: JSON.stringify({ allOrNone: true, records }),
        headers: { 'content-type': 'application/json' },
      });
    }
    const [gone] = (await admin.query<{ Id: string }>('SELECT Id FROM Account LIMIT 1')).records;
    await admin.sobject('Account').destroy(gone.Id);
    const ctx = callContext(simulatorConnection(salesforce.url, org));
    const listed: string[] = [];
    for await (const record of listAllSalesforce('customer', ctx))
      listed.push((record as { Id: string }).Id);
    expect(listed).toHaveLength(total - 1);
    expect(new Set(listed).size).toBe(total - 1);
    expect(listed).not.toContain(gone.Id);
    expect(ctx.steps.filter((step) => step === 'list-Account')).toHaveLength(2);
  });

  it('skips the calls of an entity type the connection does not sync', async () => {
    const ctx = callContext(
      simulatorConnection(salesforce.url, org, { entityTypes: ['customer'] }),
    );
    const polled = await salesforceProductsPollSource.poll(
      '{"at":"2026-01-01T00:00:00.000Z","ids":[]}',
      ctx,
    );
    expect(polled.changes).toEqual<InboundChangeDraft[]>([]);
    expect(ctx.steps).toEqual([]);
  });
});

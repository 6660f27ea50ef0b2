import { randomUUID } from 'node:crypto';

import type {
  BatchItem,
  BatchItemResult,
  ExistingLink,
  ResolvedConnection,
} from '@concord/connector-kit';
import { ValidationError } from '@concord/errors';
import type { CustomerContent, ProductContent } from '@concord/model';
import type { OrgCredentials } from '@concord/simulators/salesforce';
import type { Connection } from 'jsforce';

import {
  callContext,
  type InProcessSalesforce,
  simulatorConnection,
  startSalesforce,
} from '../../test/salesforce-test-context';
import { salesforceCustomerMapper } from '../mappers/salesforce-customer.mapper';
import { salesforceProductMapper } from '../mappers/salesforce-product.mapper';
import { salesforceOutboundAdapter } from './salesforce-outbound.adapter';

const writer = salesforceOutboundAdapter().batch;
if (!writer) throw new Error('the Salesforce adapter declares no batch writer');
const batch = writer;

function aCustomer(name: string, city = 'Arlington'): CustomerContent {
  return {
    name,
    email: null,
    phone: null,
    address: { line1: '1 Navy Way', city, country: 'US' },
    currency: null,
    metadata: {},
  };
}

function aProduct(name: string, cents: number | null): ProductContent {
  return {
    name,
    description: null,
    sku: name.toUpperCase(),
    active: true,
    unitPrice: cents === null ? null : { amount: cents, currency: 'USD' },
    metadata: {},
  };
}

interface Written {
  entityId: string;
  existing?: ExistingLink | null;
  changedFields?: string[] | null;
}

describe('the Salesforce batch writer (composite collections) against the simulator (jsforce)', () => {
  let salesforce: InProcessSalesforce;
  let org: OrgCredentials;
  let admin: Connection;
  let connection: ResolvedConnection;

  beforeAll(async () => {
    salesforce = await startSalesforce();
  });
  afterAll(() => salesforce.close());
  beforeEach(async () => {
    org = salesforce.simulator.createOrg();
    admin = await salesforce.jsforce(org);
    connection = simulatorConnection(salesforce.url, org, {
      conflictPolicy: { default: 'catalog-wins', fieldOwners: [] },
    });
  });

  /** REST calls the org has taken (token calls excluded), as the simulator counts them. */
  const callsOfOrg = () => salesforce.simulator.calls().byOrg[org.orgId] ?? 0;

  function customerItems(
    records: ReadonlyArray<Written & { content: CustomerContent }>,
  ): Array<BatchItem<'customer', unknown>> {
    return records.map(({ entityId, existing, changedFields, content }) => ({
      entityId,
      content,
      mapped: salesforceCustomerMapper.toExternal(content, {
        links: callContext(connection).links,
        connection,
      }),
      existing: existing ?? null,
      idempotencyKey: `concord-${randomUUID()}`,
      changedFields: changedFields ?? null,
      catalogChangedAt: new Date().toISOString(),
    }));
  }

  function productItems(
    records: ReadonlyArray<Written & { content: ProductContent }>,
  ): Array<BatchItem<'product', unknown>> {
    return records.map(({ entityId, existing, changedFields, content }) => ({
      entityId,
      content,
      mapped: salesforceProductMapper.toExternal(content, {
        links: callContext(connection).links,
        connection,
      }),
      existing: existing ?? null,
      idempotencyKey: `concord-${randomUUID()}`,
      changedFields: changedFields ?? null,
      catalogChangedAt: new Date().toISOString(),
    }));
  }

  const written = (result: BatchItemResult | undefined) => {
    if (result?.status !== 'written') throw new Error(`not written: ${JSON.stringify(result)}`);
    return result;
  };

  it('creates 200 Accounts in one call, and the same batch again updates them instead of making more', async () => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      entityId: randomUUID(),
      content: aCustomer(`Customer ${i}`),
    }));
    const before = callsOfOrg();

    const first = await batch.writeBatch(
      { entityType: 'customer', operation: 'upsert', items: customerItems(records) as never },
      callContext(connection),
    );
    const retried = await batch.writeBatch(
      { entityType: 'customer', operation: 'upsert', items: customerItems(records) as never },
      callContext(connection),
    );

    expect(callsOfOrg() - before).toBe(2);
    expect(retried.map((r) => written(r).externalId)).toEqual(
      first.map((r) => written(r).externalId),
    );
    const accounts = (
      await admin
        .query<{ Id: string; Concord_Id__c: string }>('SELECT Id, Concord_Id__c FROM Account', {})
        .run({ autoFetch: true, maxFetch: 1000 })
    ).records;
    expect(accounts).toHaveLength(200);
    const byConcordId = new Map(accounts.map((a) => [a.Concord_Id__c, a.Id]));
    expect(
      records.map((r, i) => byConcordId.get(r.entityId) === written(first[i]).externalId),
    ).toEqual(records.map(() => true));
  });

  it('updates linked records by id, recreates one deleted in Salesforce, and reports a refused record alone, naming its field', async () => {
    const [linked, deleted, refused] = [randomUUID(), randomUUID(), randomUUID()];
    const created = await batch.writeBatch(
      {
        entityType: 'customer',
        operation: 'upsert',
        items: customerItems([
          { entityId: linked, content: aCustomer('Linked') },
          { entityId: deleted, content: aCustomer('Deleted') },
        ]) as never,
      },
      callContext(connection),
    );
    const [linkedId, deletedId] = created.map((r) => written(r).externalId);
    await admin.sobject('Account').destroy(deletedId as string);
    // A record matched by a backfill: linked, but not yet carrying the catalog id.
    const matched = await admin.sobject('Account').create({ Name: 'Matched' });
    const matchedEntity = randomUUID();

    const results = await batch.writeBatch(
      {
        entityType: 'customer',
        operation: 'upsert',
        items: customerItems([
          {
            entityId: linked,
            content: aCustomer('Linked', 'Boston'),
            existing: { externalId: linkedId as string, parts: {} },
          },
          {
            entityId: deleted,
            content: aCustomer('Deleted again'),
            existing: { externalId: deletedId as string, parts: {} },
          },
          { entityId: refused, content: aCustomer('Refused', 'C'.repeat(60)) },
          {
            entityId: matchedEntity,
            content: aCustomer('Matched'),
            existing: { externalId: (matched as { id: string }).id, parts: {} },
          },
        ]) as never,
      },
      callContext(connection),
    );

    expect(written(results[0]).externalId).toBe(linkedId);
    expect(written(results[1]).externalId).not.toBe(deletedId);
    expect(results[2]).toMatchObject({ status: 'permanent' });
    const refusal = results[2]?.status === 'permanent' ? results[2].error : null;
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).fields.map((f) => f.field)).toContain('BillingCity');
    expect(written(results[3]).externalId).toBe((matched as { id: string }).id);
    const rows = (
      await admin.query<{ Name: string; BillingCity: string | null; Concord_Id__c: string | null }>(
        'SELECT Name, BillingCity, Concord_Id__c FROM Account ORDER BY Name',
      )
    ).records.map(({ Name, BillingCity, Concord_Id__c }) => ({ Name, BillingCity, Concord_Id__c }));
    expect(rows).toEqual([
      { Name: 'Deleted again', BillingCity: 'Arlington', Concord_Id__c: deleted },
      { Name: 'Linked', BillingCity: 'Boston', Concord_Id__c: linked },
      { Name: 'Matched', BillingCity: 'Arlington', Concord_Id__c: matchedEntity },
    ]);
  });

  it('writes products with their standard price entries in a few calls, then reprices, removes a price and finds a lost entry', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const before = callsOfOrg();
    const created = await batch.writeBatch(
      {
        entityType: 'product',
        operation: 'upsert',
        items: productItems([
          { entityId: ids[0] as string, content: aProduct('alpha', 1000) },
          { entityId: ids[1] as string, content: aProduct('beta', 2000) },
          { entityId: ids[2] as string, content: aProduct('gamma', null) },
        ]) as never,
      },
      callContext(connection),
    );
    // Product2 upsert, the standard price book, the entries' upsert.
    expect(callsOfOrg() - before).toBe(3);
    const [alpha, beta, gamma] = [written(created[0]), written(created[1]), written(created[2])];
    expect(alpha.parts?.['priceEntry']).toMatch(/^01u/);
    expect(beta.parts?.['priceEntry']).toMatch(/^01u/);
    expect(gamma.parts).toEqual({});

    const again = await batch.writeBatch(
      {
        entityType: 'product',
        operation: 'upsert',
        items: productItems([
          // Repriced, its link keeping the entry.
          {
            entityId: ids[0] as string,
            content: aProduct('alpha', 1500),
            existing: { externalId: alpha.externalId, parts: alpha.parts ?? {} },
            changedFields: ['unitPrice'],
          },
          // Its price removed, the link having lost the entry (a retry after a crash): looked up.
          {
            entityId: ids[1] as string,
            content: aProduct('beta', null),
            existing: { externalId: beta.externalId, parts: {} },
          },
          // A price for the first time.
          {
            entityId: ids[2] as string,
            content: aProduct('gamma', 300),
            existing: { externalId: gamma.externalId, parts: {} },
          },
        ]) as never,
      },
      callContext(connection),
    );

    const [alpha2, beta2, gamma2] = [written(again[0]), written(again[1]), written(again[2])];
    expect(alpha2.parts).toEqual(alpha.parts);
    expect(beta2.parts).toEqual(beta.parts);
    expect(gamma2.parts?.['priceEntry']).toMatch(/^01u/);
    const entries = (
      await admin.query<{ Product2Id: string; UnitPrice: number; IsActive: boolean }>(
        'SELECT Product2Id, UnitPrice, IsActive FROM PricebookEntry WHERE Pricebook2.IsStandard = true',
      )
    ).records.map(({ Product2Id, UnitPrice, IsActive }) => ({ Product2Id, UnitPrice, IsActive }));
    expect(entries).toEqual(
      expect.arrayContaining([
        { Product2Id: alpha.externalId, UnitPrice: 15, IsActive: true },
        { Product2Id: beta.externalId, UnitPrice: 20, IsActive: false },
        { Product2Id: gamma.externalId, UnitPrice: 3, IsActive: true },
      ]),
    );
    expect(entries).toHaveLength(3);
  });

  it('deletes customers and products in one call each, a record already gone counting as deleted', async () => {
    const customers = await batch.writeBatch(
      {
        entityType: 'customer',
        operation: 'upsert',
        items: customerItems(
          ['a', 'b', 'c'].map((name) => ({ entityId: randomUUID(), content: aCustomer(name) })),
        ) as never,
      },
      callContext(connection),
    );
    const products = await batch.writeBatch(
      {
        entityType: 'product',
        operation: 'upsert',
        items: productItems([
          { entityId: randomUUID(), content: aProduct('priced', 500) },
        ]) as never,
      },
      callContext(connection),
    );
    const accountIds = customers.map((r) => written(r).externalId);
    await admin.sobject('Account').destroy(accountIds[1] as string);
    const deleteItems = (ids: string[]) =>
      ids.map((externalId) => ({
        entityId: randomUUID(),
        mapped: null,
        content: aCustomer('gone'),
        existing: { externalId, parts: {} },
        idempotencyKey: `concord-${randomUUID()}`,
        changedFields: null,
        catalogChangedAt: new Date().toISOString(),
      }));
    const before = callsOfOrg();

    const deleted = await batch.writeBatch(
      { entityType: 'customer', operation: 'delete', items: deleteItems(accountIds) as never },
      callContext(connection),
    );
    const deletedProducts = await batch.writeBatch(
      {
        entityType: 'product',
        operation: 'delete',
        items: deleteItems([written(products[0]).externalId]) as never,
      },
      callContext(connection),
    );

    expect(callsOfOrg() - before).toBe(2);
    expect(deleted.map((r) => written(r).externalId)).toEqual(accountIds);
    expect(written(deletedProducts[0]).externalId).toBe(written(products[0]).externalId);
    expect((await admin.query('SELECT Id FROM Account')).totalSize).toBe(0);
    expect((await admin.query('SELECT Id FROM Product2')).totalSize).toBe(0);
    expect((await admin.query('SELECT Id FROM PricebookEntry')).totalSize).toBe(0);
  });
});

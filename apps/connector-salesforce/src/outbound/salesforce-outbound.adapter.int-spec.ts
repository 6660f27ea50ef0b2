import { randomUUID } from 'node:crypto';

import { ConnectorKitErrorCode } from '@concord/connector-kit';
import { ValidationError } from '@concord/errors';
import type { CustomerContent, ProductContent } from '@concord/model';
import type { OrgCredentials } from '@concord/simulators/salesforce';
import type { Connection } from 'jsforce';

import {
  type InProcessSalesforce,
  simulatorConnection,
  startSalesforce,
  upsertContext,
} from '../../test/salesforce-test-context';
import { salesforceCustomerMapper } from '../mappers/salesforce-customer.mapper';
import { salesforceProductMapper } from '../mappers/salesforce-product.mapper';
import { salesforceOutboundAdapter } from './salesforce-outbound.adapter';

const adapter = salesforceOutboundAdapter();

const customer: CustomerContent = {
  name: 'Grace Hopper',
  email: 'grace@example.com',
  phone: '+1 555 0100',
  address: { line1: '1 Navy Way', city: 'Arlington', country: 'US' },
  currency: null,
  metadata: {},
};

const product: ProductContent = {
  name: 'Compiler',
  description: 'A-0',
  sku: 'A0',
  active: true,
  unitPrice: { amount: 4200, currency: 'USD' },
  metadata: {},
};

describe('the Salesforce outbound adapter against the simulator (jsforce)', () => {
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

  async function accounts(): Promise<Array<Record<string, unknown>>> {
    return (await admin.query('SELECT Id, Name, BillingCity, Concord_Id__c FROM Account')).records;
  }

  function write(content: CustomerContent, connection = simulatorConnection(salesforce.url, org)) {
    const mapped = salesforceCustomerMapper.toExternal(content, {
      links: upsertContext(connection).links,
      connection,
    });
    return { connection, mapped };
  }

  it('creates an Account by Concord_Id__c, and a retry of the same write finds it instead of making a second', async () => {
    const entityId = randomUUID();
    const { connection, mapped } = write(customer);
    const first = await adapter.upsert('customer', entityId, mapped, {
      ...upsertContext(connection),
      content: customer,
    });
    const retry = await adapter.upsert('customer', entityId, mapped, {
      ...upsertContext(connection),
      content: customer,
    });
    expect(retry.externalId).toBe(first.externalId);
    expect(await accounts()).toEqual([
      expect.objectContaining({
        Id: first.externalId,
        Name: 'Grace Hopper',
        BillingCity: 'Arlington',
        Concord_Id__c: entityId,
      }),
    ]);
  });

  it('updates the linked record by id, sets Concord_Id__c on a record matched by a backfill, and deletes', async () => {
    const existing = await admin.sobject('Account').create({ Name: 'Grace H.' });
    const id = (existing as { id: string }).id;
    const entityId = randomUUID();
    const { connection, mapped } = write(customer);
    const ctx = {
      ...upsertContext(connection, { existing: { externalId: id, parts: {} } }),
      content: customer,
    };
    expect((await adapter.upsert('customer', entityId, mapped, ctx)).externalId).toBe(id);
    expect(await accounts()).toEqual([
      expect.objectContaining({ Id: id, Name: 'Grace Hopper', Concord_Id__c: entityId }),
    ]);
    const deleteCtx = {
      ...upsertContext(connection, { existing: { externalId: id, parts: {} } }),
      existing: { externalId: id, parts: {} },
    };
    await adapter.delete('customer', id, deleteCtx);
    await adapter.delete('customer', id, deleteCtx); // already gone: done
    expect(await accounts()).toEqual([]);
  });

  it('lets a Salesforce delete stand under external-wins, and creates the record again under catalog-wins', async () => {
    const entityId = randomUUID();
    const { connection, mapped } = write(customer);
    const created = await adapter.upsert('customer', entityId, mapped, {
      ...upsertContext(connection),
      content: customer,
    });
    await admin.sobject('Account').destroy(created.externalId);
    const link = { externalId: created.externalId, parts: {} };
    const externalWins = simulatorConnection(salesforce.url, org, {
      conflictPolicy: { default: 'external-wins', fieldOwners: [] },
    });
    await expect(
      adapter.upsert('customer', entityId, mapped, {
        ...upsertContext(externalWins, { existing: link }),
        content: customer,
      }),
    ).rejects.toMatchObject({ code: ConnectorKitErrorCode.EXTERNAL_DELETE_PENDING });
    const catalogWins = simulatorConnection(salesforce.url, org, {
      conflictPolicy: { default: 'catalog-wins', fieldOwners: [] },
    });
    const again = await adapter.upsert('customer', entityId, mapped, {
      ...upsertContext(catalogWins, { existing: link }),
      content: customer,
    });
    expect(again.externalId).not.toBe(created.externalId);
    expect(await accounts()).toEqual([
      expect.objectContaining({ Id: again.externalId, Concord_Id__c: entityId }),
    ]);
  });

  it('writes a Contact when the connection maps customers to Contact', async () => {
    const connection = simulatorConnection(salesforce.url, org, {
      settings: { customerObject: 'Contact' },
    });
    const { mapped } = write(customer, connection);
    const result = await adapter.upsert('customer', randomUUID(), mapped, {
      ...upsertContext(connection),
      content: customer,
    });
    expect(result.externalId.startsWith('003')).toBe(true);
    const [contact] = (await admin.query('SELECT Name, Email FROM Contact')).records;
    expect(contact).toMatchObject({ Name: 'Grace Hopper', Email: 'grace@example.com' });
  });

  it('refuses what Salesforce refuses as permanent, naming the field', async () => {
    const longCity = { ...customer, address: { line1: 'x', city: 'C'.repeat(60), country: 'US' } };
    const { connection, mapped } = write(longCity);
    const error = await adapter
      .upsert('customer', randomUUID(), mapped, { ...upsertContext(connection), content: longCity })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields.map((f) => f.field)).toContain('BillingCity');
  });

  it('writes a product with its standard price book entry, then changes and removes the price', async () => {
    const entityId = randomUUID();
    const connection = simulatorConnection(salesforce.url, org);
    const mapping = { links: upsertContext(connection).links, connection };
    const created = await adapter.upsert(
      'product',
      entityId,
      salesforceProductMapper.toExternal(product, mapping),
      {
        ...upsertContext(connection),
        content: product,
      },
    );
    expect(created.parts?.['priceEntry']).toMatch(/^01u/);
    const entries = async (): Promise<unknown[]> =>
      (
        await admin.query(
          'SELECT Product2Id, UnitPrice, IsActive, Pricebook2.IsStandard FROM PricebookEntry',
        )
      ).records;
    expect(await entries()).toEqual([
      expect.objectContaining({ Product2Id: created.externalId, UnitPrice: 42, IsActive: true }),
    ]);
    const repriced = { ...product, unitPrice: { amount: 4999, currency: 'USD' } };
    const link = { externalId: created.externalId, parts: created.parts ?? {} };
    await adapter.upsert(
      'product',
      entityId,
      salesforceProductMapper.toExternal(repriced, mapping),
      {
        ...upsertContext(connection, { existing: link, changedFields: ['unitPrice'] }),
        content: repriced,
      },
    );
    expect(await entries()).toEqual([
      expect.objectContaining({ UnitPrice: 49.99, IsActive: true }),
    ]);
    // A retry that lost the link finds the entry instead of making a second one.
    const unpriced = { ...product, unitPrice: null };
    const relinked = await adapter.upsert(
      'product',
      entityId,
      salesforceProductMapper.toExternal(unpriced, mapping),
      {
        ...upsertContext(connection),
        content: unpriced,
      },
    );
    expect(relinked).toEqual(created);
    expect(await entries()).toEqual([
      expect.objectContaining({ UnitPrice: 49.99, IsActive: false }),
    ]);
    await adapter.delete('product', created.externalId, {
      ...upsertContext(connection, { existing: link }),
      existing: link,
    });
    expect(await entries()).toEqual([]);
  });
});

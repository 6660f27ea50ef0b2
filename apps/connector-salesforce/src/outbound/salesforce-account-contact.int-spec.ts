import { randomUUID } from 'node:crypto';

import type { BatchItem, BatchItemResult, ExistingLink } from '@concord/connector-kit';
import { ValidationError } from '@concord/errors';
import type { CustomerContent } from '@concord/model';
import type { OrgCredentials } from '@concord/simulators/salesforce';
import type { Connection } from 'jsforce';

import {
  callContext,
  type InProcessSalesforce,
  simulatorConnection,
  startSalesforce,
  upsertContext,
} from '../../test/salesforce-test-context';
import { salesforceCustomerMapper } from '../mappers/salesforce-customer.mapper';
import { salesforceOutboundAdapter } from './salesforce-outbound.adapter';

const adapter = salesforceOutboundAdapter();
const writer = adapter.batch;
if (!writer) throw new Error('the Salesforce adapter declares no batch writer');
const batch = writer;

function aCustomer(name: string, email: string | null = null): CustomerContent {
  return {
    name,
    email,
    phone: '+1 555 0100',
    address: { line1: '1 Navy Way', city: 'Arlington', country: 'US' },
    currency: null,
    metadata: {},
  };
}

interface AccountRow {
  Id: string;
  Name: string;
  Concord_Id__c: string | null;
}
interface ContactRow {
  Id: string;
  AccountId: string;
  FirstName: string | null;
  LastName: string;
  Email: string | null;
  Concord_Id__c: string | null;
}

describe('customers as an Account plus its primary Contact against the simulator (jsforce)', () => {
  let salesforce: InProcessSalesforce;
  let org: OrgCredentials;
  let admin: Connection;
  const connectionOf = () =>
    simulatorConnection(salesforce.url, org, {
      settings: { customerObject: 'AccountWithContact' },
    });

  beforeAll(async () => {
    salesforce = await startSalesforce();
  });
  afterAll(() => salesforce.close());
  beforeEach(async () => {
    org = salesforce.simulator.createOrg();
    admin = await salesforce.jsforce(org);
  });

  const callsOfOrg = () => salesforce.simulator.calls().byOrg[org.orgId] ?? 0;
  const accounts = async () =>
    (await admin.query<AccountRow>('SELECT Id, Name, Concord_Id__c FROM Account ORDER BY Name'))
      .records;
  const contacts = async () =>
    (
      await admin.query<ContactRow>(
        'SELECT Id, AccountId, FirstName, LastName, Email, Concord_Id__c FROM Contact ORDER BY LastName',
      )
    ).records;

  function items(
    records: ReadonlyArray<{ entityId: string; content: CustomerContent; existing?: ExistingLink }>,
  ): Array<BatchItem<'customer', never>> {
    const connection = connectionOf();
    return records.map(({ entityId, content, existing }) => ({
      entityId,
      content,
      mapped: salesforceCustomerMapper.toExternal(content, {
        links: callContext(connection).links,
        connection,
      }) as never,
      existing: existing ?? null,
      idempotencyKey: `concord-${randomUUID()}`,
      changedFields: null,
      catalogChangedAt: new Date().toISOString(),
    }));
  }
  const write = (batchItems: Array<BatchItem<'customer', never>>) =>
    batch.writeBatch(
      { entityType: 'customer', operation: 'upsert', items: batchItems },
      callContext(connectionOf()),
    );
  const written = (result: BatchItemResult | undefined) => {
    if (result?.status !== 'written') throw new Error(`not written: ${JSON.stringify(result)}`);
    return result;
  };

  it('writes 50 customers as 50 Accounts and 50 Contacts in two calls; a retry without links makes no second record', async () => {
    const records = Array.from({ length: 50 }, (_, i) => ({
      entityId: randomUUID(),
      content: aCustomer(`Ada Lovelace${String(i).padStart(2, '0')}`, `ada${i}@example.com`),
    }));
    const before = callsOfOrg();
    const first = (await write(items(records))).map(written);
    expect(callsOfOrg() - before).toBe(2);

    const [account] = await accounts();
    const rows = await contacts();
    expect(rows).toHaveLength(50);
    expect(rows[0]).toMatchObject({
      AccountId: account?.Id,
      FirstName: 'Ada',
      LastName: 'Lovelace00',
      Email: 'ada0@example.com',
      Concord_Id__c: account?.Concord_Id__c,
    });
    expect(first[0]).toMatchObject({ externalId: account?.Id, parts: { contact: rows[0]?.Id } });

    // A retry that lost every link: the Accounts and Contacts are found by their catalog id.
    const again = await write(items(records));
    expect(again.map((r) => written(r).parts)).toEqual(first.map((r) => r.parts));
    expect(await accounts()).toHaveLength(50);
    expect(await contacts()).toHaveLength(50);

    // Linked (Account id and Contact part): updates by id, two calls, the person renamed.
    const renamed = records.map((r, i) => ({
      ...r,
      content: aCustomer(`Grace Hopper${String(i).padStart(2, '0')}`, `grace${i}@example.com`),
      existing: { externalId: first[i]?.externalId as string, parts: first[i]?.parts ?? {} },
    }));
    const beforeUpdate = callsOfOrg();
    await write(items(renamed));
    expect(callsOfOrg() - beforeUpdate).toBe(2);
    expect((await contacts())[0]).toMatchObject({
      FirstName: 'Grace',
      LastName: 'Hopper00',
      Email: 'grace0@example.com',
    });
    expect(await contacts()).toHaveLength(50);
  });

  it("adopts the Contact of an Account made in Salesforce, and deleting the customer's Account removes its Contact", async () => {
    const made = (await admin.sobject('Account').create({ Name: 'Babbage Ltd' })) as { id: string };
    const person = (await admin
      .sobject('Contact')
      .create({ AccountId: made.id, LastName: 'Babbage', Email: 'cb@example.com' })) as {
      id: string;
    };
    const entityId = randomUUID();
    const ctx = upsertContext(connectionOf(), { existing: { externalId: made.id, parts: {} } });
    const content = aCustomer('Charles Babbage', 'charles@example.com');
    const mapped = salesforceCustomerMapper.toExternal(content, ctx);
    const result = await adapter.upsert('customer', entityId, mapped as never, {
      ...ctx,
      content,
    });
    expect(result).toEqual({
      externalId: made.id,
      externalVersion: null,
      parts: { contact: person.id },
    });
    expect(await contacts()).toEqual([
      expect.objectContaining({
        Id: person.id,
        FirstName: 'Charles',
        Email: 'charles@example.com',
        Concord_Id__c: entityId,
      }),
    ]);

    const deleted = await batch.writeBatch(
      {
        entityType: 'customer',
        operation: 'delete',
        items: [
          {
            ...items([{ entityId, content }])[0],
            mapped: null,
            existing: { externalId: made.id, parts: result.parts ?? {} },
          },
        ] as never,
      },
      callContext(connectionOf()),
    );
    expect(deleted.map((r) => r.status)).toEqual(['written']);
    expect(await accounts()).toEqual([]);
    expect(await contacts()).toEqual([]);
  });

  it("reports a customer whose Contact Salesforce refused with the Contact's error, the others written; its retry makes no second record", async () => {
    const good = { entityId: randomUUID(), content: aCustomer('Ada Lovelace', 'ada@example.com') };
    const bad = { entityId: randomUUID(), content: aCustomer('Bad Email', 'not-an-email') };
    const results = await write(items([good, bad]));

    expect(written(results[0]).parts).toEqual({ contact: expect.any(String) });
    expect(results[1]).toMatchObject({ status: 'permanent' });
    const refusal = results[1]?.status === 'permanent' ? results[1].error : null;
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).fields.map((f) => f.field)).toContain('Email');
    expect((await accounts()).map((a) => a.Name)).toEqual(['Ada Lovelace', 'Bad Email']);

    const fixed = { ...bad, content: aCustomer('Bad Email', 'fixed@example.com') };
    const [retried] = await write(items([fixed]));
    expect(written(retried).parts).toEqual({ contact: expect.any(String) });
    expect(await accounts()).toHaveLength(2);
    expect((await contacts()).map((c) => [c.LastName, c.Email])).toEqual([
      ['Email', 'fixed@example.com'],
      ['Lovelace', 'ada@example.com'],
    ]);
  });
});

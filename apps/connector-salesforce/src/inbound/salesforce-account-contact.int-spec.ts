import { randomUUID } from 'node:crypto';

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
import { salesforceOutboundAdapter } from '../outbound/salesforce-outbound.adapter';
import { changesFromEvents } from './salesforce-change-events';
import { salesforceCustomersPollSource } from './salesforce-customers.poll-source';
import { listAllSalesforce } from './salesforce-listing';

const ada: CustomerContent = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  phone: '+1 555 0100',
  address: { line1: '1 Navy Way', city: 'Arlington', country: 'US' },
  currency: null,
  metadata: {},
};

describe('customers as an Account plus its primary Contact, inbound, against the simulator (jsforce)', () => {
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

  it('brings a change of the Account or of its primary Contact in as one customer change, by polling, change events and listing', async () => {
    const connection = simulatorConnection(salesforce.url, org, {
      settings: { customerObject: 'AccountWithContact' },
    });
    const ctx = callContext(connection);
    // One customer written alone (the adapter's upsert): its Account, then its Contact.
    const write = upsertContext(connection);
    const mapped = salesforceCustomerMapper.toExternal(ada, write);
    const { externalId: accountId, parts } = await salesforceOutboundAdapter().upsert(
      'customer',
      randomUUID(),
      mapped as never,
      { ...write, content: ada },
    );
    const contactId = parts?.contact as string;
    const start = await salesforceCustomersPollSource.poll(null, ctx);
    // What Concord wrote reads back as the content it came from (the catalog ignores it: no echo).
    const listed: unknown[] = [];
    for await (const record of listAllSalesforce('customer', ctx)) listed.push(record);
    expect(salesforceCustomerMapper.toCanonical(listed[0], ctx).content).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone: '+1 555 0100',
      address: { line1: '1 Navy Way', city: 'Arlington', country: 'US' },
    });

    await salesforce.control('clock', { advanceMs: 1_000 });
    await admin.sobject('Contact').update({ Id: contactId, Email: 'countess@example.com' });
    const polled = await salesforceCustomersPollSource.poll(start.nextCursor, ctx);
    expect(polled.changes).toEqual([
      expect.objectContaining({
        entityType: 'customer',
        externalId: accountId,
        operation: 'upsert',
        content: expect.objectContaining({ name: 'Ada Lovelace', email: 'countess@example.com' }),
      }),
    ]);
    const header = (entityName: string, id: string, changeType = 'UPDATE') => ({
      payload: {
        ChangeEventHeader: {
          entityName,
          recordIds: [id],
          changeType,
          changeOrigin: 'com/salesforce/api/rest/62.0',
          changedFields: [],
          commitTimestamp: Date.now(),
        },
      },
      event: { replayId: 1 },
    });
    await admin.sobject('Account').update({ Id: accountId, Name: 'Countess of Lovelace' });
    const streamed = await changesFromEvents(
      [header('Contact', contactId), header('Account', accountId)],
      ctx,
    );
    expect(streamed).toEqual([
      expect.objectContaining({
        externalId: accountId,
        content: expect.objectContaining({
          name: 'Countess of Lovelace',
          email: 'countess@example.com',
        }),
      }),
    ]);

    // The Contact deleted: the customer keeps its Account and loses the person's email.
    await admin.sobject('Contact').destroy(contactId);
    const [lost] = await changesFromEvents([header('Contact', contactId, 'DELETE')], ctx);
    expect(lost).toMatchObject({
      externalId: accountId,
      operation: 'upsert',
      content: { email: null },
    });
  });
});

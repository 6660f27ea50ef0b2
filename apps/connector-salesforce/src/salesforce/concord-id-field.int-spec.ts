import { randomUUID } from 'node:crypto';

import type { BatchItem, ResolvedConnection } from '@concord/connector-kit';
import { AuthError, consumerDecision } from '@concord/errors';
import type { CustomerContent } from '@concord/model';
import type { OrgCredentials } from '@concord/simulators/salesforce';

import {
  callContext,
  clientFor,
  type InProcessSalesforce,
  simulatorConnection,
  startSalesforce,
} from '../../test/salesforce-test-context';
import { salesforceCustomerMapper } from '../mappers/salesforce-customer.mapper';
import { salesforceOutboundAdapter } from '../outbound/salesforce-outbound.adapter';
import { salesforceConnectorDefinition } from '../salesforce-connector.definition';
import { CONCORD_ID_FIELD_MISSING } from './concord-id-field';

const ACCOUNT_REASON =
  "the Salesforce org has no Concord_Id__c field on Account: add it in Setup > Object Manager > Account > Fields & Relationships as a Text(255) custom field marked Unique and External ID, visible to the connected app's user; the connection resumes once it exists";

const writer = salesforceOutboundAdapter().batch;
if (!writer) throw new Error('the Salesforce adapter declares no batch writer');
const batch = writer;

const definition = salesforceConnectorDefinition({
  perSecond: 10,
  allowedLoopback: [],
  apiVersion: '62.0',
});

function aCustomer(name: string): CustomerContent {
  return { name, email: null, phone: null, address: null, currency: null, metadata: {} };
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('an org without Concord_Id__c (the simulator with concordIdObjects)', () => {
  let salesforce: InProcessSalesforce;
  let org: OrgCredentials;
  let connection: ResolvedConnection;

  beforeAll(async () => {
    salesforce = await startSalesforce();
  });
  afterAll(() => salesforce.close());
  beforeEach(() => {
    // Products and their entries have the field; Account does not.
    org = salesforce.simulator.createOrg({ concordIdObjects: ['Product2', 'PricebookEntry'] });
    connection = simulatorConnection(salesforce.url, org);
  });

  function customerItems(names: string[]): Array<BatchItem<'customer', unknown>> {
    return names.map((name) => ({
      entityId: randomUUID(),
      content: aCustomer(name),
      mapped: salesforceCustomerMapper.toExternal(aCustomer(name), {
        links: callContext(connection).links,
        connection,
      }),
      existing: null,
      idempotencyKey: `concord-${randomUUID()}`,
      changedFields: null,
      catalogChangedAt: new Date().toISOString(),
    }));
  }

  it('pauses the connection on the first write, naming the field, the object and the fix', async () => {
    const ctx = callContext(connection);
    const refused = await caught(
      batch.writeBatch(
        { entityType: 'customer', operation: 'upsert', items: customerItems(['A', 'B']) as never },
        ctx,
      ),
    );
    expect(refused).toBeInstanceOf(AuthError);
    expect((refused as AuthError).code).toBe(CONCORD_ID_FIELD_MISSING);
    expect((refused as AuthError).message).toBe(ACCOUNT_REASON);
    expect((refused as AuthError).details['attentionReason']).toBe(ACCOUNT_REASON);
    expect(consumerDecision(refused)).toEqual({ action: 'pause-connection' });

    // While the connection waits, the probe describes Account: still missing, still the reason.
    const probed = await caught(definition.healthProbe(ctx.client));
    expect((probed as AuthError).message).toBe(ACCOUNT_REASON);
  });

  it('pauses on a linked record refused for the field, and the probe keeps it paused', async () => {
    const admin = await salesforce.jsforce(org);
    const account = await admin.sobject('Account').create({ Name: 'Linked before' });
    const [item] = customerItems(['Linked after']);
    if (!item || !account.id) throw new Error('an item and an Account expected');
    const ctx = callContext(connection);
    const [result] = await batch.writeBatch(
      {
        entityType: 'customer',
        operation: 'upsert',
        items: [{ ...item, existing: { externalId: account.id, parts: {} } }] as never,
      },
      ctx,
    );
    expect(result?.status).not.toBe('written');
    const error = result && 'error' in result ? result.error : null;
    expect(error).toBeInstanceOf(AuthError);
    expect(error?.details['attentionReason']).toBe(ACCOUNT_REASON);
    const probed = await caught(definition.healthProbe(ctx.client));
    expect((probed as AuthError).message).toBe(ACCOUNT_REASON);
  });

  it('is found by the connection test through describe before anything is written', async () => {
    const refused = await caught(
      definition.testConnection?.(clientFor(connection)) as Promise<void>,
    );
    expect((refused as AuthError).code).toBe(CONCORD_ID_FIELD_MISSING);
    expect((refused as AuthError).message).toBe(ACCOUNT_REASON);

    const complete = salesforce.simulator.createOrg();
    await expect(
      definition.testConnection?.(clientFor(simulatorConnection(salesforce.url, complete))),
    ).resolves.toBeUndefined();
  });
});

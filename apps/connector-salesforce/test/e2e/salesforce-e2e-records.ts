import { collectMessages, type MessageCollector, testKafkaBrokers } from '@concord/testing';

import type { E2eTenant, SalesforceE2eWorld } from './salesforce-e2e-world';

/** An Account as the specs compare it (the fields a sync changes). */
export interface AccountRow {
  Id: string;
  Name: string;
  BillingCity: string | null;
  Concord_Id__c: string | null;
  SystemModstamp: string;
}

/** The tenant's Accounts by name, as a person in the org reads them (jsforce). */
export async function accounts(tenant: E2eTenant): Promise<AccountRow[]> {
  const result = await tenant.salesforce.query<AccountRow>(
    'SELECT Id, Name, BillingCity, Concord_Id__c, SystemModstamp FROM Account ORDER BY Name',
  );
  return result.records.map(({ Id, Name, BillingCity, Concord_Id__c, SystemModstamp }) => ({
    Id,
    Name,
    BillingCity,
    Concord_Id__c,
    SystemModstamp,
  }));
}

/** An inbound change as connector-salesforce publishes it. */
export interface InboundData {
  externalId: string;
  reason: string;
  content: { name?: string; email?: string | null } | null;
}

/** What the connector publishes on the world's inbound topic, read from the real broker. */
export class PublishedChanges {
  private collector?: MessageCollector;

  async start(world: SalesforceE2eWorld): Promise<void> {
    this.collector = await collectMessages({
      brokers: testKafkaBrokers(),
      topic: `${world.prefix}connector.salesforce.inbound.v1`,
    });
  }

  async stop(): Promise<void> {
    await this.collector?.stop();
  }

  /** What the connector published for the tenant from change events, in order. */
  streamed(tenant: E2eTenant): InboundData[] {
    return (this.collector?.messages ?? [])
      .map((message) => message.value as { tenant: string; data: InboundData })
      .filter((change) => change.tenant === tenant.tenantId && change.data.reason === 'stream')
      .map((change) => change.data);
  }
}

import { eventually } from '@concord/testing';
import { Connection } from 'jsforce';

import type { BenchTenant, BenchWorld } from '../../world/bench-world';
import { tagOf } from '../../world/catalog-arrivals';
import { connectIntegration } from '../../world/integration-setup';
import { type Arrived, Poller, type SystemEnds } from './system-ends';

const API_VERSION = '62.0';
/** How often the bench reads new Accounts (arrivals are timed by their CreatedDate, not the read). */
const WATCH_MS = 200;

interface Org {
  orgId: string;
  clientId: string;
  clientSecret: string;
}

/** Salesforce's `2026-12-06T07:30:00.123+0000` as epoch ms. */
const epochOf = (stamp: unknown): number => Date.parse(String(stamp).replace(/\+0000$/, 'Z'));

/**
 * Salesforce, an org of its own per tenant (customers as Accounts, no matching keys, no polling:
 * inbound changes come as change events, CDC streaming). Outbound arrives when the Account exists:
 * its CreatedDate (ms), read by a person's jsforce every 200 ms. Inbound is a person's jsforce
 * `sobject('Account').create`, arriving as the catalog event: the change-event latency, an edit in
 * the org until it is applied in the catalog and published.
 */
export class SalesforceEnds implements SystemEnds {
  readonly system = 'salesforce';
  readonly outboundWhat = 'POST /v1/customers → Account in the org (its CreatedDate)';
  readonly inboundWhat = 'jsforce Account create → change event → catalog event on Kafka';
  private people: Connection[] = [];
  private readonly pollers: Poller[] = [];

  customerName(tag: string): string {
    return `Bench ${tag}`;
  }

  async start(world: BenchWorld, tenants: BenchTenant[], arrived: Arrived): Promise<void> {
    const baseUrl = world.salesforceUrl;
    this.people = await Promise.all(tenants.map((tenant) => this.connect(baseUrl, tenant)));
    for (const person of this.people) {
      let since = new Date(Date.now() - 60_000).toISOString();
      const poller = new Poller(WATCH_MS, async () => {
        const result = await person.query<{ Name: string; CreatedDate: string }>(
          `SELECT Name, CreatedDate FROM Account WHERE CreatedDate >= ${since} ORDER BY CreatedDate`,
          { autoFetch: true, maxFetch: 100_000 },
        );
        for (const account of result.records) {
          const at = epochOf(account.CreatedDate);
          const tag = tagOf({ name: account.Name });
          if (tag) arrived(tag, at);
          since = new Date(at).toISOString();
        }
      });
      poller.start();
      this.pollers.push(poller);
    }
  }

  async createExternal(index: number, tag: string): Promise<void> {
    const person = this.people[index % this.people.length] as Connection;
    const result = await person.sobject('Account').create({ Name: this.customerName(tag) });
    if (!result.success) throw new Error(`account not created: ${JSON.stringify(result)}`);
  }

  async stop(): Promise<void> {
    for (const poller of this.pollers) poller.stop();
  }

  private async connect(baseUrl: string, tenant: BenchTenant): Promise<Connection> {
    const response = await fetch(`${baseUrl}/_control/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: tenant.tenantId }),
    });
    if (!response.ok) throw new Error(`salesforce org not created: ${response.status}`);
    const org = (await response.json()) as Org;
    await connectIntegration(tenant.catalog, 'salesforce', {
      integration: {
        direction: 'both',
        entityTypes: ['customer'],
        matchingKeys: {},
        settings: { baseUrl },
      },
      credentials: { clientId: org.clientId, clientSecret: org.clientSecret },
    });
    await waitActive(tenant, 'salesforce');
    const person = new Connection({
      version: API_VERSION,
      loginUrl: baseUrl,
      oauth2: { loginUrl: baseUrl, clientId: org.clientId, clientSecret: org.clientSecret },
    });
    await person.authorize({ grant_type: 'client_credentials' });
    return person;
  }
}

/** Waits until the tenant's connection to `system` is active. */
export async function waitActive(tenant: BenchTenant, system: string): Promise<void> {
  await eventually(
    async () => {
      const status = await tenant.catalog.get<{ state: string }>(
        `/v1/integrations/${system}/status`,
      );
      if (status.status !== 200 || status.body.state !== 'active')
        throw new Error(`${system} connection not active yet: ${JSON.stringify(status.body)}`);
    },
    { timeoutMs: 60_000, intervalMs: 250 },
  );
}

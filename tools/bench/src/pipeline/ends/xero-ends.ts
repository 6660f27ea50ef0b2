import { randomUUID } from 'node:crypto';

import type { BenchTenant, BenchWorld } from '../../world/bench-world';
import { tagOf } from '../../world/catalog-arrivals';
import { connectIntegration } from '../../world/integration-setup';
import { waitActive } from './salesforce-ends';
import { type Arrived, Poller, type SystemEnds } from './system-ends';

/** The simulator's demo access token: it opens any organisation of the Xero simulator. */
const DEMO_TOKEN = 'concord-demo-token';
/** How often the bench reads changed Contacts (arrivals are timed by UpdatedDateUTC, not the read). */
const WATCH_MS = 200;
const MS_DATE = /^\/Date\((-?\d+)/;

interface Contact {
  Name?: string;
  EmailAddress?: string;
  UpdatedDateUTC?: string;
}

/**
 * Xero, an organisation of its own per tenant (customers as Contacts, no matching keys, reached
 * with the demo token; the simulator's one app-level webhook points at connector-xero). Outbound
 * arrives when the Contact exists: its UpdatedDateUTC, read every 200 ms (`If-Modified-Since`);
 * inbound is `PUT /Contacts` as a person would, arriving as the catalog event (Xero's webhook, the
 * connector's read, the catalog). The connector keeps to Xero's 60 calls a minute per organisation.
 */
export class XeroEnds implements SystemEnds {
  readonly system = 'xero';
  readonly outboundWhat = 'POST /v1/customers → Contact in the organisation (its UpdatedDateUTC)';
  readonly inboundWhat = 'PUT /Contacts → webhook → catalog event on Kafka';
  private organisations: string[] = [];
  private readonly pollers: Poller[] = [];
  private baseUrl = '';

  customerName(tag: string): string {
    return `Bench ${tag}`;
  }

  async start(world: BenchWorld, tenants: BenchTenant[], arrived: Arrived): Promise<void> {
    this.baseUrl = world.xeroUrl;
    const connector = world.apps.find((a) => a.role === 'connector-xero');
    if (!connector) throw new Error('the world runs no connector-xero');
    await this.control('xero-webhook', {
      url: `${connector.process.url}/xero/webhooks`,
      key: world.xeroWebhookKey,
    });
    this.organisations = tenants.map(() => randomUUID());
    await Promise.all(tenants.map((tenant, i) => this.connect(tenant, this.organisations[i])));
    for (const organisation of this.organisations) {
      let since = Date.now() - 60_000;
      const poller = new Poller(WATCH_MS, async () => {
        const { Contacts = [] } = await this.call<{ Contacts?: Contact[] }>(
          organisation,
          'GET',
          'Contacts',
          undefined,
          { 'if-modified-since': new Date(since - 1).toISOString() },
        );
        for (const contact of Contacts) {
          const at = Number(MS_DATE.exec(contact.UpdatedDateUTC ?? '')?.[1] ?? Date.now());
          const tag = tagOf({ email: contact.EmailAddress, name: contact.Name });
          if (tag) arrived(tag, at);
          since = Math.max(since, at);
        }
      });
      poller.start();
      this.pollers.push(poller);
    }
  }

  async createExternal(index: number, tag: string): Promise<void> {
    const organisation = this.organisations[index % this.organisations.length] as string;
    await this.call(organisation, 'PUT', 'Contacts', {
      Contacts: [{ Name: this.customerName(tag), EmailAddress: tag }],
    });
  }

  async stop(): Promise<void> {
    for (const poller of this.pollers) poller.stop();
  }

  private async connect(tenant: BenchTenant, organisation: string): Promise<void> {
    await connectIntegration(tenant.catalog, 'xero', {
      integration: {
        direction: 'both',
        entityTypes: ['customer'],
        matchingKeys: {},
        settings: { baseUrl: this.baseUrl, xeroTenantId: organisation },
      },
      credentials: { accessToken: DEMO_TOKEN },
    });
    await waitActive(tenant, 'xero');
  }

  private async call<T>(
    organisation: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api.xro/2.0/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${DEMO_TOKEN}`,
        'xero-tenant-id': organisation,
        accept: 'application/json',
        'content-type': 'application/json',
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`xero ${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text) as T;
  }

  private async control(path: string, body: unknown): Promise<void> {
    const response = await fetch(`${this.baseUrl}/_control/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`xero control ${path}: HTTP ${response.status}`);
  }
}

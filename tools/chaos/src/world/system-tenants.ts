import { randomUUID } from 'node:crypto';

import { Connection } from 'jsforce';

import type { CatalogClient } from '../clients/catalog-client';
import { XERO_DEMO_TOKEN, XeroApi } from '../verify/readers/xero-reader';
import { connectSystem } from './chaos-tenant';

/** The REST API version the run's own jsforce calls use (the connector's default). */
const SALESFORCE_API_VERSION = '62.0';
/**
 * How often the connectors poll, as the safety net beside change events and webhooks. Xero allows
 * an organisation 60 calls a minute (the connector keeps to it), and items are only polled: 15 s
 * keeps the four polled streams to 16 calls a minute.
 */
const SALESFORCE_POLL_MS = 5_000;
const XERO_POLL_MS = 15_000;

interface SalesforceOrg {
  orgId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * Creates an org of its own in the Salesforce simulator, connects the tenant to it both ways
 * (customers as Accounts and products, USD prices, no matching keys: `Concord_Id__c` links) and
 * returns jsforce as a person working in that org.
 */
export async function connectSalesforce(
  catalog: CatalogClient,
  salesforceUrl: string,
  run: string,
): Promise<Connection> {
  const response = await fetch(`${salesforceUrl}/_control/orgs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: `chaos-${run}` }),
  });
  if (!response.ok) throw new Error(`salesforce org not created: ${response.status}`);
  const org = (await response.json()) as SalesforceOrg;
  await connectSystem(
    catalog,
    'salesforce',
    {
      entityTypes: ['customer', 'product'],
      matchingKeys: {},
      settings: { baseUrl: salesforceUrl, pollIntervalMs: SALESFORCE_POLL_MS, currency: 'USD' },
    },
    { clientId: org.clientId, clientSecret: org.clientSecret },
  );
  const person = new Connection({
    version: SALESFORCE_API_VERSION,
    loginUrl: salesforceUrl,
    oauth2: { loginUrl: salesforceUrl, clientId: org.clientId, clientSecret: org.clientSecret },
  });
  await person.authorize({ grant_type: 'client_credentials' });
  return person;
}

/**
 * Connects the tenant to an organisation of its own in the Xero simulator (a fresh tenant id,
 * reached with the demo token) both ways: contacts, items (USD prices) and, with `invoices`,
 * invoices.
 */
export async function connectXero(
  catalog: CatalogClient,
  xeroUrl: string,
  invoices: boolean,
): Promise<XeroApi> {
  const api = new XeroApi(xeroUrl, randomUUID());
  await connectSystem(
    catalog,
    'xero',
    {
      entityTypes: invoices ? ['customer', 'product', 'invoice'] : ['customer', 'product'],
      matchingKeys: {},
      settings: {
        baseUrl: xeroUrl,
        xeroTenantId: api.organisation,
        pollIntervalMs: XERO_POLL_MS,
        currency: 'USD',
      },
    },
    { accessToken: XERO_DEMO_TOKEN },
  );
  return api;
}

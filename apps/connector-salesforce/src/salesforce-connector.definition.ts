import { defaultProviderHosts } from '@concord/auth';
import type { ConnectorDefinition } from '@concord/connector-kit';

import { salesforceChangeDataCapture } from './inbound/salesforce-cdc.subscription-source';
import { salesforceCustomersPollSource } from './inbound/salesforce-customers.poll-source';
import { listAllSalesforce } from './inbound/salesforce-listing';
import { salesforceProductsPollSource } from './inbound/salesforce-products.poll-source';
import { salesforceCustomerMapper } from './mappers/salesforce-customer.mapper';
import { salesforceFieldMappingProblem } from './mappers/salesforce-field-mappings';
import { salesforceInvoiceMapper } from './mappers/salesforce-invoice.mapper';
import { salesforceProductMapper } from './mappers/salesforce-product.mapper';
import {
  type SalesforceMapped,
  salesforceOutboundAdapter,
} from './outbound/salesforce-outbound.adapter';
import type { SalesforceClient } from './salesforce/salesforce-client';
import { salesforceClientFactory } from './salesforce/salesforce-client.factory';
import { classifySalesforceError } from './salesforce/salesforce-error.mapper';

export interface SalesforceDefinitionOptions {
  /** Sustained requests per second per tenant. */
  perSecond: number;
  /** Loopback `host:port` entries a login URL or `instance_url` may name (the simulator). */
  allowedLoopback: readonly string[];
  /** REST API version, e.g. `62.0`. */
  apiVersion: string;
}

/** A probe within this long of a working call spends nothing of the daily allocation. */
const PROBE_QUIET_MS = 5 * 60_000;

/** What makes the Salesforce connector: mappers, the jsforce-based adapter, SOQL polling. */
export function salesforceConnectorDefinition(
  options: SalesforceDefinitionOptions,
): ConnectorDefinition<SalesforceClient, never, SalesforceMapped> {
  const allowedHosts = defaultProviderHosts.salesforce;
  return {
    system: 'salesforce',
    // Salesforce has no standard invoice object: invoices do not sync.
    entityTypes: ['customer', 'product'],
    allowedHosts,
    defaultBaseUrl: 'https://login.salesforce.com',
    rateLimit: {
      perSecond: options.perSecond,
      burst: Math.max(1, Math.floor(options.perSecond / 2)),
      liveReserve: 0.5,
    },
    // The org's daily API allocation, from the last answer's `Sforce-Limit-Info`.
    dailyAllowance: {
      usage: (client) => {
        const usage = client.apiUsage;
        return usage ? { used: usage.used, limit: usage.max } : null;
      },
    },
    createClient: salesforceClientFactory({
      allowedHosts,
      allowedLoopback: options.allowedLoopback,
      apiVersion: options.apiVersion,
    }),
    fieldMappingProblem: salesforceFieldMappingProblem,
    mappers: {
      customer: salesforceCustomerMapper,
      product: salesforceProductMapper,
      invoice: salesforceInvoiceMapper,
    },
    outbound: salesforceOutboundAdapter(),
    inbound: {
      subscription: salesforceChangeDataCapture,
      poll: [salesforceCustomersPollSource, salesforceProductsPollSource],
      listAll: (entityType, ctx) => listAllSalesforce(entityType, ctx),
    },
    // Every REST call counts against the org's daily allocation: live traffic proves the
    // connection, and only a quiet connection spends a call (`/limits`) on the probe.
    // After Salesforce answered as if `Concord_Id__c` were missing (the connection needs
    // attention), the probe describes the object until the field is there, then resumes.
    healthProbe: async (client) => {
      await client.verifyConcordIdField({ whenInDoubt: true });
      if (client.answeredRecently(PROBE_QUIET_MS)) return;
      await client.request({ method: 'GET', path: '/limits' });
    },
    testConnection: async (client) => {
      await client.request({ method: 'GET', path: '/limits' });
      await client.verifyConcordIdField();
    },
    classifyError: classifySalesforceError,
  };
}

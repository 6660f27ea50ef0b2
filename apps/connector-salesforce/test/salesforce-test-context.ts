import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { OutboundUrlPolicy, pinnedAgent } from '@concord/auth';
import type {
  ExistingLink,
  ExternalCallContext,
  LinkLookup,
  ResolvedConnection,
  UpsertContext,
} from '@concord/connector-kit';
import { silentKitLogger } from '@concord/connector-kit';
import type { ConnectionSettings } from '@concord/model';
import { listenSimulator, type RunningListener } from '@concord/simulators/core';
import {
  createSalesforceSimulator,
  type OrgCredentials,
  type SalesforceSimulator,
} from '@concord/simulators/salesforce';
import { aConnectionSettings } from '@concord/testing';
import { Connection } from 'jsforce';

import type { SalesforceClient } from '../src/salesforce/salesforce-client';
import { salesforceClientFactory } from '../src/salesforce/salesforce-client.factory';
import { classifySalesforceError } from '../src/salesforce/salesforce-error.mapper';

export const API_VERSION = '62.0';

/** Links for tests: a plain map, as the kit's state store would hold them. */
export class TestLinks implements LinkLookup {
  readonly map = new Map<string, string>();

  set(entityType: string, entityId: string, externalId: string): void {
    this.map.set(`${entityType}:${entityId}`, externalId);
  }

  externalId(entityType: string, entityId: string): string | null {
    return this.map.get(`${entityType}:${entityId}`) ?? null;
  }

  entityId(entityType: string, externalId: string): string | null {
    for (const [key, value] of this.map) {
      const [type, id] = key.split(':');
      if (type === entityType && value === externalId) return id;
    }
    return null;
  }
}

/** The Salesforce simulator in-process on an ephemeral port, recording each request's headers. */
export interface InProcessSalesforce {
  simulator: SalesforceSimulator;
  listener: RunningListener;
  url: string;
  headers: IncomingMessage['headers'][];
  /** A jsforce connection of the org's app as another user of the org would use it. */
  jsforce(org: OrgCredentials): Promise<Connection>;
  control(path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function startSalesforce(): Promise<InProcessSalesforce> {
  const simulator = createSalesforceSimulator({ seed: 7 });
  const headers: IncomingMessage['headers'][] = [];
  const listener = await listenSimulator((request, response) => {
    headers.push(request.headers);
    simulator.handler(request, response);
  });
  return {
    simulator,
    listener,
    url: listener.url,
    headers,
    jsforce: async (org) => {
      const conn = new Connection({
        version: API_VERSION,
        loginUrl: listener.url,
        oauth2: { loginUrl: listener.url, clientId: org.clientId, clientSecret: org.clientSecret },
      });
      await conn.authorize({ grant_type: 'client_credentials' });
      return conn;
    },
    control: async (path, body = {}) => {
      const response = await fetch(`${listener.url}/_control/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return response.json();
    },
    close: async () => {
      await listener.close();
      simulator.close();
    },
  };
}

/** A connection to an org of the simulator at `loginUrl`, as the kit resolves it. */
export function simulatorConnection(
  loginUrl: string,
  org: Pick<OrgCredentials, 'clientId' | 'clientSecret'>,
  overrides: Partial<ConnectionSettings> = {},
): ResolvedConnection {
  const settings = aConnectionSettings({
    system: 'salesforce',
    entityTypes: ['customer', 'product'],
    ...overrides,
    settings: { baseUrl: loginUrl, ...overrides.settings },
  });
  const url = new URL(loginUrl);
  const policy = new OutboundUrlPolicy({ allowedHosts: [], allowedLoopback: [url.host] });
  return {
    tenant: settings.tenant,
    connectionId: settings.connectionId,
    system: 'salesforce',
    settings,
    credentials: { clientId: org.clientId, clientSecret: org.clientSecret },
    baseUrl: url,
    httpAgent: pinnedAgent(policy, url, { keepAlive: true }),
  };
}

/** The connector's client for a connection to the simulator (its host the only loopback allowed). */
export function clientFor(
  connection: ResolvedConnection,
  allowedLoopback?: string[],
): SalesforceClient {
  return salesforceClientFactory({
    allowedHosts: [],
    allowedLoopback: allowedLoopback ?? [connection.baseUrl.host],
    apiVersion: API_VERSION,
  })(connection);
}

/** The context the kit hands sources and lookups: calls classified, steps recorded. */
export function callContext(
  connection: ResolvedConnection,
  client: SalesforceClient = clientFor(connection),
  links: TestLinks = new TestLinks(),
): ExternalCallContext<SalesforceClient> & { steps: string[] } {
  const steps: string[] = [];
  return {
    client,
    connection,
    links,
    lane: 'live',
    log: silentKitLogger,
    steps,
    call: async (step, request) => {
      steps.push(step);
      try {
        return await request(`concord-test-${step}`);
      } catch (error) {
        throw classifySalesforceError(error);
      }
    },
  };
}

/** The context of one catalog write. */
export function upsertContext(
  connection: ResolvedConnection,
  options: {
    client?: SalesforceClient;
    existing?: ExistingLink | null;
    changedFields?: string[] | null;
    catalogChangedAt?: string;
  } = {},
): UpsertContext<SalesforceClient> & { steps: string[] } {
  const base = callContext(connection, options.client);
  return {
    ...base,
    idempotencyKey: `concord-${randomUUID()}`,
    existingExternalId: options.existing?.externalId ?? null,
    existing: options.existing ?? null,
    changedFields: options.changedFields ?? null,
    catalogChangedAt: options.catalogChangedAt ?? new Date().toISOString(),
  };
}

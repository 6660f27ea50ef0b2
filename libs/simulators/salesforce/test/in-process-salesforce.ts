import { listenSimulator, RunningListener } from '@concord/simulators/core';
import { Connection } from 'jsforce';

import { NewOrgOptions, OrgCredentials } from '../src/lib/org/org-registry';
import {
  createSalesforceSimulator,
  SalesforceSimulator,
  SalesforceSimulatorOptions,
} from '../src/lib/salesforce-simulator';

export const API_VERSION = '62.0';

/** A simulator listening on an ephemeral loopback port, for jsforce to call over real HTTP. */
export interface RunningSalesforce {
  simulator: SalesforceSimulator;
  listener: RunningListener;
  url: string;
  /** A jsforce connection for an org's connected app, not yet authorized. */
  connection(org: OrgCredentials, extra?: Record<string, unknown>): Connection;
  /** A jsforce connection authorized with the client-credentials grant. */
  authorized(org: OrgCredentials, extra?: Record<string, unknown>): Promise<Connection>;
  /** Calls the control API. */
  control<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T>;
  newOrg(options?: NewOrgOptions): OrgCredentials;
  close(): Promise<void>;
}

export async function startSalesforce(
  options: SalesforceSimulatorOptions = {},
): Promise<RunningSalesforce> {
  const simulator = createSalesforceSimulator(options);
  const listener = await listenSimulator(simulator.handler);
  const connection = (org: OrgCredentials, extra: Record<string, unknown> = {}): Connection =>
    new Connection({
      version: API_VERSION,
      loginUrl: listener.url,
      oauth2: { loginUrl: listener.url, clientId: org.clientId, clientSecret: org.clientSecret },
      ...extra,
    });
  return {
    simulator,
    listener,
    url: listener.url,
    connection,
    authorized: async (org, extra) => {
      const conn = connection(org, extra);
      await conn.authorize({ grant_type: 'client_credentials' });
      return conn;
    },
    control: async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${listener.url}/_control${path}`, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return (await response.json()) as T;
    },
    newOrg: (orgOptions) => simulator.createOrg(orgOptions),
    close: async () => {
      await listener.close();
      simulator.close();
    },
  };
}

/** The error jsforce throws for a Salesforce error array (its `name` is the errorCode). */
export interface CaughtApiError {
  name: string;
  errorCode?: string;
  message: string;
  /** The error entry Salesforce answered (`fields` for record errors). */
  data?: { fields?: string[] };
}

export async function apiError(promise: PromiseLike<unknown>): Promise<CaughtApiError> {
  try {
    await promise;
  } catch (error) {
    return error as CaughtApiError;
  }
  throw new Error('expected the call to fail');
}

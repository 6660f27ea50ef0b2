import { OutboundUrlPolicy } from '@concord/auth';
import type { ResolvedConnection } from '@concord/connector-kit';
import { AuthError, AuthErrorCode } from '@concord/errors';

import {
  customerObjectOf,
  mapsPrimaryContact,
  sessionTimeoutOf,
} from '../mappers/salesforce-settings';
import { SalesforceClient } from './salesforce-client';

export interface SalesforceClientFactoryOptions {
  /** Official hosts a login URL or an `instance_url` may name. */
  allowedHosts: readonly string[];
  /** Loopback `host:port` entries allowed too (the simulator), as the kit's own policy has them. */
  allowedLoopback: readonly string[];
  /** REST API version, e.g. `62.0`. */
  apiVersion: string;
  /** The clock sessions expire on (tests move it); default `Date.now`. */
  now?: () => number;
}

/** The connected app from the connection's credentials (`{ "clientId", "clientSecret" }`). */
export function salesforceAppCredentials(connection: ResolvedConnection): {
  clientId: string;
  clientSecret: string;
} {
  const { clientId, clientSecret } = connection.credentials;
  if (!clientId || !clientSecret) {
    throw new AuthError(
      AuthErrorCode.MISSING_CREDENTIALS,
      'The Salesforce connection needs the connected app: clientId and clientSecret',
    );
  }
  return { clientId, clientSecret };
}

/**
 * A factory of jsforce clients, one per connection: client credentials against the connection's
 * login URL (already checked by the kit), the `instance_url` Salesforce answers checked by the
 * same allow-list before any record call goes there, and the session shared by every replica
 * through the connection's encrypted secrets (when the kit provides them).
 */
export function salesforceClientFactory(
  options: SalesforceClientFactoryOptions,
): (connection: ResolvedConnection) => SalesforceClient {
  const policy = new OutboundUrlPolicy({
    allowedHosts: options.allowedHosts,
    allowedLoopback: options.allowedLoopback,
  });
  return (connection) =>
    new SalesforceClient({
      loginUrl: connection.baseUrl.origin,
      ...salesforceAppCredentials(connection),
      version: options.apiVersion,
      checkInstanceUrl: async (instanceUrl) => (await policy.assertAllowed(instanceUrl)).url,
      connectionId: connection.connectionId,
      syncedObjects: syncedObjectsOf(connection),
      sessionTimeoutMs: sessionTimeoutOf(connection),
      ...(connection.secrets ? { secrets: connection.secrets } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
}

/**
 * The sObjects a connection writes by `Concord_Id__c`: its customer object (an Account with its
 * primary Contact: both), Product2 and entries.
 */
function syncedObjectsOf(connection: ResolvedConnection): string[] {
  const types = connection.settings.entityTypes;
  const customers = mapsPrimaryContact(connection)
    ? ['Account', 'Contact']
    : [customerObjectOf(connection)];
  return [
    ...(types.includes('customer') ? customers : []),
    ...(types.includes('product') ? ['Product2', 'PricebookEntry'] : []),
  ];
}

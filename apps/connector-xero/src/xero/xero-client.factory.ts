import type { Agent } from 'node:http';

import type { ResolvedConnection } from '@concord/connector-kit';
import { AuthError, AuthErrorCode } from '@concord/errors';
import { type AccountingApi, XeroClient } from 'xero-node';

import { xeroTenantIdOf } from './xero-settings';

/** The accounting API path under the connection's base URL. */
export const ACCOUNTING_PATH = '/api.xro/2.0';

/** What every Xero call of one connection needs: the SDK and the organisation it talks to. */
export interface XeroConnectionClient {
  /** The official SDK, pointed at the connection's base URL with its bearer token. */
  readonly xero: XeroClient;
  /** `xero.accountingApi`. */
  readonly api: AccountingApi;
  /** The organisation (`xero-tenant-id` of every call). */
  readonly tenantId: string;
}

/**
 * The access token of the connection. Connections holding a rotating refresh token instead
 * (`clientId`, `clientSecret`, `refreshToken`) are refused by name: each refresh rotates the token,
 * and the rotated one must be stored durably and shared across replicas before it is used, which
 * the connector kit cannot do yet (see the README).
 */
function accessTokenOf(connection: ResolvedConnection): string {
  const token = connection.credentials['accessToken'];
  if (token) return token;
  if (connection.credentials['refreshToken']) {
    throw new AuthError(
      AuthErrorCode.MISSING_CREDENTIALS,
      'Xero connections with a refresh token are not supported yet: store an accessToken',
    );
  }
  throw new AuthError(AuthErrorCode.MISSING_CREDENTIALS, 'The Xero connection has no accessToken');
}

/** Every request of the SDK goes through the connection's pinned agent (checked addresses only). */
function throughAgent(agent: Agent): { applyToRequest(options: Record<string, unknown>): void } {
  return {
    applyToRequest(options) {
      options['httpAgent'] = agent;
      options['httpsAgent'] = agent;
      options['proxy'] = false;
      options['timeout'] = 20_000;
    },
  };
}

/**
 * xero-node for one connection: `accountingApi.basePath` from the connection's base URL (already
 * checked against the allow-list: api.xero.com, or the simulator on a listed loopback port), the
 * bearer token through `setTokenSet`, and the organisation from the connection.
 */
export function createXeroClient(connection: ResolvedConnection): XeroConnectionClient {
  const tenantId = xeroTenantIdOf(connection);
  if (!tenantId) {
    throw new AuthError(
      AuthErrorCode.MISSING_CREDENTIALS,
      'The Xero connection names no organisation (settings.xeroTenantId or credentials.tenantId)',
    );
  }
  const xero = new XeroClient();
  const base = connection.baseUrl.toString().replace(/\/+$/, '');
  xero.accountingApi.basePath = `${base}${ACCOUNTING_PATH}`;
  xero.setTokenSet({ access_token: accessTokenOf(connection), token_type: 'Bearer' });
  xero.accountingApi.setDefaultAuthentication(throughAgent(connection.httpAgent));
  return { xero, api: xero.accountingApi, tenantId };
}

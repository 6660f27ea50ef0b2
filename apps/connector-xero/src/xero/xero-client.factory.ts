import type { Agent } from 'node:http';

import type { ResolvedConnection } from '@concord/connector-kit';
import { AuthError, AuthErrorCode } from '@concord/errors';
import { type AccountingApi, XeroClient } from 'xero-node';

import { XeroDayLimit } from './xero-day-limit';
import { xeroFailureOf } from './xero-error.mapper';
import { xeroTenantIdOf } from './xero-settings';
import { type XeroAccessTokens, xeroAccessTokens } from './xero-tokens';

const noop = (): void => undefined;

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
  /** The organisation's daily allowance, as the last answer reported it. */
  readonly dayLimit: XeroDayLimit;
}

/**
 * How the connection authenticates: a fixed access token (`accessToken`, the simulator's demo
 * token), or a rotating refresh token (`clientId`, `clientSecret`, `refreshToken`; see
 * `xero-tokens.ts`).
 */
function tokensOf(connection: ResolvedConnection): { fixed: string } | XeroAccessTokens {
  const token = connection.credentials['accessToken'];
  if (token) return { fixed: token };
  if (connection.credentials['refreshToken']) return xeroAccessTokens(connection);
  throw new AuthError(
    AuthErrorCode.MISSING_CREDENTIALS,
    'The Xero connection has neither an accessToken nor a refreshToken',
  );
}

/** Whether xero-node's rejection is Xero's 401 (an expired or revoked access token). */
function isUnauthorized(error: unknown): boolean {
  return xeroFailureOf(error)?.status === 401;
}

/** What the connection's API calls do besides calling: read the day limit, retry a 401 once. */
interface CallObservers {
  dayLimit: XeroDayLimit;
  /** A refresh-token connection: the tokens and the one the last request went out with. */
  refreshing: { tokens: XeroAccessTokens; sentWith: () => string } | null;
}

/**
 * The SDK's accounting API whose every answer (or failure) updates the organisation's day limit,
 * and, for a refresh-token connection, whose every call refused with 401 while its access token
 * was thought valid (Xero's clock is the one that counts) reports that token refused and is made
 * once more, with a fresh one.
 */
function observedApi(api: AccountingApi, observers: CallObservers): AccountingApi {
  const { dayLimit, refreshing } = observers;
  return new Proxy(api, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      if (!/^(get|create|update|delete)/.test(property)) return value;
      const call = async (args: unknown[]): Promise<unknown> => {
        try {
          const answer = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          dayLimit.answered(answer);
          return answer;
        } catch (error) {
          dayLimit.failed(error);
          throw error;
        }
      };
      return async (...args: unknown[]) => {
        try {
          return await call(args);
        } catch (error) {
          if (!refreshing || !isUnauthorized(error)) throw error;
          refreshing.tokens.refused(refreshing.sentWith());
          return call(args);
        }
      };
    },
  });
}

/**
 * Every request of the SDK goes through the connection's pinned agent (checked addresses only)
 * and, for a refresh-token connection, carries a fresh access token (xero-node awaits this).
 */
function authentication(
  agent: Agent,
  tokens: XeroAccessTokens | null,
  sent: (token: string) => void,
): { applyToRequest(options: Record<string, unknown>): Promise<void> } {
  return {
    async applyToRequest(options) {
      options['httpAgent'] = agent;
      options['httpsAgent'] = agent;
      options['proxy'] = false;
      options['timeout'] = 20_000;
      if (!tokens) return;
      const token = await tokens.accessToken();
      sent(token);
      const headers = (options['headers'] ?? {}) as Record<string, string>;
      headers['Authorization'] = `Bearer ${token}`;
      options['headers'] = headers;
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
      'The Xero connection names no organisation (settings.xeroTenantId or credentials.accountId)',
    );
  }
  const xero = new XeroClient();
  const base = connection.baseUrl.toString().replace(/\/+$/, '');
  xero.accountingApi.basePath = `${base}${ACCOUNTING_PATH}`;
  const tokens = tokensOf(connection);
  const dayLimit = new XeroDayLimit();
  if ('fixed' in tokens) {
    xero.setTokenSet({ access_token: tokens.fixed, token_type: 'Bearer' });
    xero.accountingApi.setDefaultAuthentication(authentication(connection.httpAgent, null, noop));
    const api = observedApi(xero.accountingApi, { dayLimit, refreshing: null });
    return { xero, api, tenantId, dayLimit };
  }
  // The token each request went out with, so a 401 names the one Xero refused.
  let lastSent = '';
  xero.accountingApi.setDefaultAuthentication(
    authentication(connection.httpAgent, tokens, (token) => (lastSent = token)),
  );
  const refreshing = { tokens, sentWith: () => lastSent };
  return {
    xero,
    api: observedApi(xero.accountingApi, { dayLimit, refreshing }),
    tenantId,
    dayLimit,
  };
}

import { createHash } from 'node:crypto';

import {
  defaultProviderHosts,
  OAuthTokenManager,
  OutboundUrlPolicy,
  refreshOAuthTokens,
  type TokenSet,
} from '@concord/auth';
import type { ConnectionSecrets, ResolvedConnection } from '@concord/connector-kit';
import { AuthError, AuthErrorCode } from '@concord/errors';

/** Xero's identity server, unless the connection names another (the simulator). */
export const DEFAULT_IDENTITY_URL = 'https://identity.xero.com';
/** The name the connection's current token set is stored under (encrypted, shared by replicas). */
const TOKENS_SECRET = 'xero-tokens';

interface StoredTokens extends TokenSet {
  /** Digest of the configured refresh token these were rotated from (new credentials start over). */
  origin: string;
}

/** An access token for every call of a connection that holds a rotating refresh token. */
export interface XeroAccessTokens {
  /** A token valid now: cached, read from the shared store, or refreshed (once across replicas). */
  accessToken(): Promise<string>;
  /** Xero refused `token` (401): the next `accessToken()` gets another. */
  refused(token: string): void;
}

const digest = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

/**
 * The token endpoint's address: `settings.identityUrl` (default Xero's identity host) plus
 * `/connect/token`, checked against Xero's hosts; a loopback address only when it is the very
 * host:port the connection's base URL was allowed at (the simulator serves both).
 */
function tokenEndpoint(connection: ResolvedConnection): { url: string; policy: OutboundUrlPolicy } {
  const configured = connection.settings.settings['identityUrl'];
  const identity = typeof configured === 'string' && configured ? configured : DEFAULT_IDENTITY_URL;
  const base = connection.baseUrl;
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname) ? [base.host] : [];
  const policy = new OutboundUrlPolicy({
    allowedHosts: defaultProviderHosts.xero,
    allowedLoopback: loopback,
  });
  return { url: `${identity.replace(/\/+$/, '')}/connect/token`, policy };
}

/**
 * Access tokens of a refresh-token connection (`clientId`, `clientSecret`, `refreshToken`). Xero
 * rotates the refresh token on every use: the new token set is stored, encrypted, in the
 * connection's shared secrets before its access token is used (the kit's `OAuthTokenManager`
 * retries the store until it succeeds), and a refresh runs under the connection's lock after
 * reading the stored set again, so one replica refreshes at a time and the others use its tokens.
 */
export function xeroAccessTokens(connection: ResolvedConnection): XeroAccessTokens {
  const { clientId, clientSecret, refreshToken } = connection.credentials;
  const secrets: ConnectionSecrets | undefined = connection.secrets;
  if (!refreshToken || !clientId || !clientSecret) {
    throw new AuthError(
      AuthErrorCode.MISSING_CREDENTIALS,
      'A Xero refresh-token connection needs clientId, clientSecret and refreshToken',
    );
  }
  if (!secrets) {
    throw new AuthError(
      AuthErrorCode.MISSING_CREDENTIALS,
      'Xero refresh tokens rotate: the connection has no shared secret store to keep them in',
    );
  }
  const origin = digest(refreshToken);
  const { url, policy } = tokenEndpoint(connection);
  const manager = new OAuthTokenManager<TokenSet>({
    lock: { withLock: (key, ttlMs, work) => secrets.exclusive(key, ttlMs, work) },
    loadLatest: async () => {
      const stored = await secrets.read(TOKENS_SECRET);
      if (stored === null) return undefined;
      const tokens = JSON.parse(stored) as StoredTokens;
      return tokens.origin === origin ? tokens : undefined;
    },
    refresh: async (current) =>
      refreshOAuthTokens({
        policy,
        tokenUrl: url,
        refreshToken: current?.refreshToken ?? refreshToken,
        clientId,
        clientSecret,
      }),
  });
  manager.onRotated(async (_id, tokens) => {
    const stored: StoredTokens = { ...tokens, origin };
    await secrets.write(TOKENS_SECRET, JSON.stringify(stored));
  });
  const id = connection.connectionId;
  return {
    accessToken: () => manager.getAccessToken(id),
    refused: (token) => manager.invalidate(id, token),
  };
}

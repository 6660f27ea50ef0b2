import { createHash } from 'node:crypto';

import { OAuthTokenManager, type TokenSet } from '@concord/auth';
import type { ConnectionSecrets } from '@concord/connector-kit';
import { AuthError, AuthErrorCode, ForbiddenError, isConcordError } from '@concord/errors';
import { OAuth2 } from 'jsforce';

import { OAUTH_REFUSALS } from './salesforce-error.mapper';

/** The name the connection's session is stored under (encrypted, shared by every replica). */
export const SESSION_SECRET = 'salesforce-session';

/** A Salesforce session: the access token and the (allow-listed) instance it is valid at. */
export interface SalesforceTokens extends TokenSet {
  instanceUrl: string;
}

interface StoredSession extends SalesforceTokens {
  /** Digest of the login URL and connected app the session came from (new credentials start over). */
  origin: string;
}

export interface SalesforceSessionOptions {
  connectionId: string;
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  /** Checks a token response's `instance_url` (the outbound allow-list); throws to refuse it. */
  checkInstanceUrl(instanceUrl: string): Promise<URL>;
  /** The connection's shared, encrypted secrets; absent: this process keeps its own session. */
  secrets?: ConnectionSecrets;
  /** How long the org keeps a session (its session timeout). */
  sessionTimeoutMs: number;
  now?: () => number;
  /** Told of every token request (tests count them). */
  onTokenRequest?: () => void;
}

/** A token request Salesforce refused: the connection pauses, saying why and what to check. */
function refusedRefresh(error: unknown): unknown {
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name !== 'string' || !OAUTH_REFUSALS.has(name)) return error;
  const said = (error as { message?: unknown }).message;
  const reason =
    `Salesforce refused the token request (${name}${typeof said === 'string' ? `: ${said.slice(0, 200)}` : ''}): ` +
    "check the connected app's consumer key and secret and that it allows the client-credentials flow";
  return new AuthError(AuthErrorCode.TOKEN_REFRESH_FAILED, reason, {
    details: { oauthError: name, attentionReason: reason },
  });
}

/**
 * The session of one Salesforce connection, shared by every replica: the access token and its
 * `instance_url` are kept encrypted in the connection's shared secrets, and a new one is asked
 * for under the connection's lock after reading the stored one again (another replica may have
 * just replaced it), so one token request per connection runs at a time across the deployment.
 * A session is replaced ahead of the org's session timeout, and at once when Salesforce refuses
 * it (`refused`). Token responses carry no lifetime: the timeout is the connection's setting.
 */
export class SalesforceSession {
  private readonly manager: OAuthTokenManager<SalesforceTokens>;
  private readonly oauth2: OAuth2;
  private readonly origin: string;
  private readonly now: () => number;

  constructor(private readonly options: SalesforceSessionOptions) {
    this.now = options.now ?? Date.now;
    this.oauth2 = new OAuth2({
      loginUrl: options.loginUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
    });
    this.origin = createHash('sha256')
      .update(`${options.loginUrl}\n${options.clientId}\n${options.clientSecret}`)
      .digest('hex')
      .slice(0, 32);
    const secrets = options.secrets;
    this.manager = new OAuthTokenManager<SalesforceTokens>({
      now: this.now,
      refreshMarginMs: Math.min(120_000, Math.floor(options.sessionTimeoutMs / 4)),
      ...(secrets
        ? {
            lock: { withLock: (key, ttlMs, work) => secrets.exclusive(key, ttlMs, work) },
            loadLatest: () => this.loadStored(secrets),
          }
        : {}),
      refresh: () => this.requestToken(),
    });
  }

  /** A session valid now: cached, read from the shared store, or asked for (once across replicas). */
  async tokens(): Promise<SalesforceTokens> {
    try {
      return await this.manager.getTokens(this.options.connectionId);
    } catch (error) {
      // An instance_url off the allow-list stays what it is (refused, not a credentials problem).
      const cause = isConcordError(error) ? error.cause : undefined;
      throw cause instanceof ForbiddenError ? cause : error;
    }
  }

  /** Salesforce refused `accessToken` (`INVALID_SESSION_ID`): the next `tokens()` replaces it. */
  refused(accessToken: string): void {
    this.manager.invalidate(this.options.connectionId, accessToken);
  }

  private async loadStored(secrets: ConnectionSecrets): Promise<SalesforceTokens | undefined> {
    const stored = await secrets.read(SESSION_SECRET);
    if (stored === null) return undefined;
    const session = JSON.parse(stored) as StoredSession;
    if (session.origin !== this.origin) return undefined;
    // Stored by a replica that checked it; checked again, as the allow-list may have changed.
    await this.options.checkInstanceUrl(session.instanceUrl);
    return {
      accessToken: session.accessToken,
      instanceUrl: session.instanceUrl,
      expiresAt: session.expiresAt,
    };
  }

  private async requestToken(): Promise<SalesforceTokens> {
    this.options.onTokenRequest?.();
    const requestedAt = this.now();
    let token: { access_token?: string; instance_url?: string };
    try {
      token = await this.oauth2.requestToken({ grant_type: 'client_credentials' });
    } catch (error) {
      throw refusedRefresh(error);
    }
    if (!token.access_token || !token.instance_url) {
      throw new Error('Salesforce token response without access_token or instance_url');
    }
    const instance = await this.options.checkInstanceUrl(token.instance_url);
    const session: SalesforceTokens = {
      accessToken: token.access_token,
      instanceUrl: instance.origin,
      expiresAt: requestedAt + this.options.sessionTimeoutMs,
    };
    // Stored before it is used, so the other replicas take it instead of asking for their own.
    if (this.options.secrets) {
      const stored: StoredSession = { ...session, origin: this.origin };
      await this.options.secrets.write(SESSION_SECRET, JSON.stringify(stored));
    }
    return session;
  }
}

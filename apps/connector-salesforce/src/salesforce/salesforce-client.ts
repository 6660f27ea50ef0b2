import { Connection, OAuth2 } from 'jsforce';

/** What every call carries in `Sforce-Call-Options`: change events name it in `changeOrigin`. */
export const CONCORD_CALL_CLIENT = 'concord-connector';

/** A REST request relative to `/services/data/vNN.N` (or a full `/services/...` path). */
export interface SalesforceRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** The org's daily API allocation as the last `Sforce-Limit-Info` reported it. */
export interface SalesforceApiUsage {
  used: number;
  max: number;
}

export interface SalesforceClientOptions {
  /** The login host (`https://login.salesforce.com`, a My Domain, or the simulator). */
  loginUrl: string;
  clientId: string;
  clientSecret: string;
  /** REST API version, e.g. `62.0`. */
  version: string;
  /**
   * Checks the `instance_url` of a token response before anything is sent to it, and answers the
   * URL to use (the outbound allow-list); throws to refuse it.
   */
  checkInstanceUrl(instanceUrl: string): Promise<URL>;
  /** Per-request timeout. */
  timeoutMs?: number;
}

interface TokenResponse {
  access_token?: string;
  instance_url?: string;
}

function errorCodeOf(error: unknown): unknown {
  return (error as { errorCode?: unknown } | null)?.errorCode;
}

function isInvalidSession(error: unknown): boolean {
  return errorCodeOf(error) === 'INVALID_SESSION_ID';
}

const CONNECTION_ERRORS = new Set([
  'INVALID_SESSION_ID',
  'REQUEST_LIMIT_EXCEEDED',
  'UNKNOWN_EXCEPTION',
  'SERVER_UNAVAILABLE',
]);

/** An error about one record or query (the org answered), not about the connection. */
function isRecordError(error: unknown): boolean {
  const code = errorCodeOf(error);
  return (
    typeof code === 'string' && !CONNECTION_ERRORS.has(code) && !code.startsWith('ERROR_HTTP_')
  );
}

/**
 * jsforce's `Connection` with a session of its own: OAuth2 client credentials against the
 * connection's login URL, the token response's `instance_url` checked before use, one refresh
 * (shared by concurrent callers) when Salesforce answers `INVALID_SESSION_ID`, and
 * `Sforce-Call-Options: client=concord-connector` on every call. jsforce makes no retries of
 * its own: the kit owns retries.
 */
export class SalesforceClient {
  readonly connection: Connection;
  private readonly oauth2: OAuth2;
  private session: Promise<void> | null = null;
  private tokenRequestCount = 0;
  private lastAnswerAt = 0;
  private lastFailureAt = 0;

  constructor(private readonly options: SalesforceClientOptions) {
    // No oauth2 client on the Connection: jsforce would then refresh by refresh token itself.
    this.connection = new Connection({
      loginUrl: options.loginUrl,
      version: options.version,
      callOptions: { client: CONCORD_CALL_CLIENT },
    });
    this.oauth2 = new OAuth2({
      loginUrl: options.loginUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
    });
  }

  /** Token requests made so far (tests prove a refresh happens once). */
  get tokenRequests(): number {
    return this.tokenRequestCount;
  }

  /** The daily allocation from the last answer's `Sforce-Limit-Info`, or null before any call. */
  get apiUsage(): SalesforceApiUsage | null {
    const usage = this.connection.limitInfo?.apiUsage;
    return usage ? { used: usage.used, max: usage.limit } : null;
  }

  /** The REST base path of the configured version. */
  get dataPath(): string {
    return `/services/data/v${this.options.version}`;
  }

  /**
   * Whether Salesforce answered a call within `withinMs` with no failure since: the health probe
   * spends none of the daily allocation while live traffic proves the connection works.
   */
  answeredRecently(withinMs: number, now = Date.now()): boolean {
    return this.lastAnswerAt > this.lastFailureAt && now - this.lastAnswerAt < withinMs;
  }

  /** One REST call; an expired session is refreshed once and the call made again. */
  async request<T>(request: SalesforceRequest): Promise<T> {
    try {
      const answer = await this.requestOnce<T>(request);
      this.lastAnswerAt = Date.now();
      return answer;
    } catch (error) {
      // A record error (validation, not found) is still an answer of a working connection.
      if (isRecordError(error)) this.lastAnswerAt = Date.now();
      else this.lastFailureAt = Date.now();
      throw error;
    }
  }

  /**
   * The jsforce connection with a live session, for the Streaming API (its CometD client reads
   * the access token when it is created).
   */
  async authorizedConnection(): Promise<Connection> {
    await (this.session ?? this.authorize());
    return this.connection;
  }

  /** Forgets a session Salesforce refused outside `request` (CometD): the next use signs in again. */
  forgetSession(): void {
    this.session = null;
  }

  private async requestOnce<T>(request: SalesforceRequest): Promise<T> {
    const session = this.session ?? this.authorize();
    await session;
    try {
      return await this.send<T>(request);
    } catch (error) {
      if (!isInvalidSession(error)) throw error;
      // Whoever sees the expiry first replaces the session; the others wait for that one.
      if (this.session === session) this.session = this.authorize();
      await this.session;
      return this.send<T>(request);
    }
  }

  private send<T>(request: SalesforceRequest): Promise<T> {
    const url = request.path.startsWith('/services/') ? request.path : this.dataPath + request.path;
    const hasBody = request.body !== undefined;
    return this.connection.request<T>(
      {
        method: request.method,
        url,
        body: hasBody ? JSON.stringify(request.body) : undefined,
        headers: {
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
          ...request.headers,
        },
      },
      { retry: { maxRetries: 0 }, timeout: this.options.timeoutMs ?? 20_000 },
    ) as Promise<T>;
  }

  private authorize(): Promise<void> {
    const attempt = this.requestToken();
    this.session = attempt;
    // A failed attempt is not kept: the next call asks again.
    attempt.catch(() => {
      if (this.session === attempt) this.session = null;
    });
    return attempt;
  }

  private async requestToken(): Promise<void> {
    this.tokenRequestCount += 1;
    const token = (await this.oauth2.requestToken({
      grant_type: 'client_credentials',
    })) as TokenResponse;
    if (!token.access_token || !token.instance_url) {
      throw new Error('Salesforce token response without access_token or instance_url');
    }
    const instance = await this.options.checkInstanceUrl(token.instance_url);
    this.connection.instanceUrl = instance.origin;
    this.connection.accessToken = token.access_token;
  }
}

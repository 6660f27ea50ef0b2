import { Connection } from 'jsforce';

import {
  ConcordIdFieldCheck,
  missingConcordIdError,
  objectMissingConcordId,
  upsertObjectOf,
} from './concord-id-field';
import { SalesforceSession, type SalesforceSessionOptions } from './salesforce-session';

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

export interface SalesforceClientOptions extends Omit<SalesforceSessionOptions, 'onTokenRequest'> {
  /** REST API version, e.g. `62.0`. */
  version: string;
  /** Per-request timeout. */
  timeoutMs?: number;
  /** The sObjects the connection writes, each of which must have `Concord_Id__c`. */
  syncedObjects?: readonly string[];
}

function errorCodeOf(error: unknown): unknown {
  return (error as { errorCode?: unknown } | null)?.errorCode;
}

/** The object a Salesforce error says lacks `Concord_Id__c` ('' unnamed), or null. */
function missingFieldObject(error: unknown): string | null {
  const code = errorCodeOf(error);
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof code !== 'string' || typeof message !== 'string') return null;
  return objectMissingConcordId({ errorCode: code, message });
}

/** The object a collection's per-record results say lacks `Concord_Id__c`, if any does. */
function missingFieldInResults(answer: unknown): string | null {
  if (!Array.isArray(answer)) return null;
  for (const result of answer as Array<{ errors?: unknown }>) {
    if (!Array.isArray(result?.errors)) continue;
    // A collection's per-record errors name their code `statusCode`.
    for (const entry of result.errors as Array<{ statusCode?: unknown; message?: unknown }>) {
      const object = missingFieldObject({ errorCode: entry?.statusCode, message: entry?.message });
      if (object !== null) return object;
    }
  }
  return null;
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
 * jsforce's `Connection` on the connection's shared session (`SalesforceSession`: OAuth2 client
 * credentials against the connection's login URL, the token response's `instance_url` checked
 * before use, replaced ahead of the session timeout, one token request per connection at a time
 * across replicas), one refresh and a repeat of the call when Salesforce answers
 * `INVALID_SESSION_ID`, and `Sforce-Call-Options: client=concord-connector` on every call.
 * jsforce makes no retries of its own: the kit owns retries.
 */
export class SalesforceClient {
  readonly connection: Connection;
  /** Whether the org has `Concord_Id__c` on every synced object (in doubt once it answered no). */
  readonly concordIdField: ConcordIdFieldCheck;
  private readonly session: SalesforceSession;
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
    this.concordIdField = new ConcordIdFieldCheck(options.syncedObjects ?? []);
    this.session = new SalesforceSession({
      ...options,
      onTokenRequest: () => {
        this.tokenRequestCount += 1;
      },
    });
  }

  /** Token requests this client made so far (tests prove a refresh happens once). */
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
      const lacking = missingFieldInResults(answer);
      if (lacking !== null) this.concordIdField.suspect(lacking);
      return answer;
    } catch (error) {
      // A record error (validation, not found) is still an answer of a working connection.
      if (isRecordError(error)) this.lastAnswerAt = Date.now();
      else this.lastFailureAt = Date.now();
      const lacking = missingFieldObject(error);
      if (lacking === null) throw error;
      const object = lacking || upsertObjectOf(request.path);
      this.concordIdField.suspect(object);
      throw missingConcordIdError(object);
    }
  }

  /**
   * Checks by describe that every synced object has `Concord_Id__c` (`whenInDoubt`: only after
   * Salesforce answered as if it were missing); throws the needs-attention error naming the object.
   */
  async verifyConcordIdField(options: { whenInDoubt?: boolean } = {}): Promise<void> {
    if (options.whenInDoubt && !this.concordIdField.inDoubt) return;
    await this.concordIdField.verify((object) =>
      this.request({ method: 'GET', path: `/sobjects/${object}/describe` }),
    );
  }

  /**
   * The jsforce connection with a live session, for the Streaming API (its CometD client reads
   * the access token when it is created).
   */
  async authorizedConnection(): Promise<Connection> {
    await this.useSession();
    return this.connection;
  }

  /** Salesforce refused the session outside `request` (CometD): the next use gets another. */
  forgetSession(): void {
    if (this.connection.accessToken) this.session.refused(this.connection.accessToken);
  }

  private async requestOnce<T>(request: SalesforceRequest): Promise<T> {
    const used = await this.useSession();
    try {
      return await this.send<T>(request);
    } catch (error) {
      if (!isInvalidSession(error)) throw error;
      // One refresh for every caller (and replica) that saw this token refused, then once more.
      this.session.refused(used);
      await this.useSession();
      return this.send<T>(request);
    }
  }

  /** Puts a valid session on the jsforce connection; answers its access token. */
  private async useSession(): Promise<string> {
    const tokens = await this.session.tokens();
    this.connection.instanceUrl = tokens.instanceUrl;
    this.connection.accessToken = tokens.accessToken;
    return tokens.accessToken;
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
}

import { setTimeout as sleep } from 'node:timers/promises';

import {
  headerValue,
  InjectedFault,
  SimulatorApi,
  SimulatorControlPlane,
  SimulatorRequest,
  SimulatorResponse,
} from '@concord/simulators/core';

import { listApiVersions, parseApiVersion } from './http/api-versions';
import { DataRequest, DataRouter } from './http/data-route';
import { SalesforceApiError } from './http/salesforce-api.error';
import { CallCounter } from './limits/call-counter';
import { OAuthTokenEndpoint, TOKEN_PATH } from './oauth/oauth-token.endpoint';
import { Session, SessionStore } from './oauth/session-store';
import { SalesforceOrg } from './org/salesforce-org';
import { DmlTransaction } from './records/dml-transaction';
import { RecordChange } from './records/sobject-record';

export const DATA_PREFIX = '/services/data';

/** Told about every committed transaction (Change Data Capture listens here). */
export type CommitListener = (
  org: SalesforceOrg,
  changes: readonly RecordChange[],
  origin: { changeOrigin: string; commitUser: string },
) => void;

/** The streaming endpoint, served under `/cometd/NN.N`. */
export interface StreamingEndpoint {
  handle(request: SimulatorRequest, version: string): Promise<SimulatorResponse>;
}

export interface SalesforceApiDependencies {
  plane: SimulatorControlPlane;
  sessions: SessionStore;
  tokens: OAuthTokenEndpoint;
  router: DataRouter;
  calls: CallCounter;
  onCommit: CommitListener;
  streaming?: StreamingEndpoint;
  /** The instance URL handed out in tokens; by default the request's own host. */
  publicUrl?: string;
  onInternalError?: (error: unknown) => void;
}

/**
 * Salesforce's request pipeline after the shared fault gate: the token endpoint, the streaming
 * endpoint, then the REST API with its session check, daily allocation and
 * `Sforce-Limit-Info` header, routing and Salesforce's error arrays.
 */
export class SalesforceApi implements SimulatorApi {
  constructor(private readonly deps: SalesforceApiDependencies) {}

  async handle(
    request: SimulatorRequest,
    options: { latencyMs: number },
  ): Promise<SimulatorResponse> {
    if (options.latencyMs > 0) await sleep(options.latencyMs);
    const path = request.path.replace(/\/+$/, '') || '/';
    if (path === TOKEN_PATH) return this.deps.tokens.handle(request, this.baseUrl(request));
    const cometd = /^\/cometd\/(\d{2}\.0)$/.exec(path);
    if (cometd && this.deps.streaming) return this.deps.streaming.handle(request, cometd[1]);
    if (path === DATA_PREFIX && request.method === 'GET') {
      return { status: 200, body: listApiVersions() };
    }
    const identity = /^\/id\/(\w{18})\/(\w{18})$/.exec(path);
    if (identity && request.method === 'GET') return this.identity(request, identity[1]);
    if (!path.startsWith(`${DATA_PREFIX}/`)) return this.error(SalesforceApiError.notFound());
    return this.data(request, path);
  }

  renderFault(fault: InjectedFault, request: SimulatorRequest): SimulatorResponse {
    if (request.path.startsWith(TOKEN_PATH)) {
      return {
        status: fault.status,
        body: { error: 'unknown_error', error_description: 'retry your request' },
      };
    }
    const headers: Record<string, string> =
      fault.retryAfterSeconds === undefined
        ? {}
        : { 'retry-after': String(fault.retryAfterSeconds) };
    const error =
      fault.status === 429
        ? new SalesforceApiError(
            429,
            'REQUEST_LIMIT_EXCEEDED',
            'Too many requests',
            undefined,
            headers,
          )
        : fault.status === 500
          ? new SalesforceApiError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred.')
          : new SalesforceApiError(fault.status, 'SERVER_UNAVAILABLE', 'Server unavailable');
    return this.error(error);
  }

  private async data(request: SimulatorRequest, path: string): Promise<SimulatorResponse> {
    const rest = path.slice(DATA_PREFIX.length + 1);
    const slash = rest.indexOf('/');
    const version = parseApiVersion(slash === -1 ? rest : rest.slice(0, slash));
    const resourcePath = slash === -1 ? '' : rest.slice(slash);
    const now = this.deps.plane.clock.now();
    const session = this.session(request, now);
    const match = version ? this.deps.router.match(request.method, resourcePath) : undefined;
    const resource =
      match && 'route' in match ? `${request.method} ${match.route.pattern}` : request.method;
    this.deps.calls.record(session?.org.id, resource);
    if (!session) return this.error(SalesforceApiError.invalidSession());
    const org = session.org;
    const limit = org.settings.dailyApiLimit;
    if (org.usage.used(now) >= limit) {
      return this.error(
        new SalesforceApiError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
        limitHeader(org.usage.used(now), limit),
      );
    }
    // The shared per-second throttle (off unless switched on through /_control/rate-limit)
    // answers as Salesforce's concurrency limits do, without using the daily allocation.
    const budget = this.deps.plane.rateLimiter.take(org.id);
    if (!budget.allowed) {
      return this.error(
        new SalesforceApiError(
          403,
          'REQUEST_LIMIT_EXCEEDED',
          'ConcurrentPerOrgLongTxn Limit exceeded.',
          undefined,
          { 'retry-after': String(Math.max(1, Math.ceil(budget.retryAfterMs / 1000))) },
        ),
        limitHeader(org.usage.used(now), limit),
      );
    }
    const headers = limitHeader(org.usage.record(now), limit);
    if (!version || !match) return this.error(SalesforceApiError.notFound(), headers);
    if (!('route' in match)) {
      return this.error(
        SalesforceApiError.methodNotAllowed(request.method, match.allowed),
        headers,
      );
    }
    try {
      const result = match.route.handle(
        this.dataRequest(request, session, version, match.pathParams, now),
      );
      return {
        status: result.status,
        headers: { ...headers, ...result.headers },
        ...(result.body === undefined ? {} : { body: result.body }),
      };
    } catch (error) {
      if (error instanceof SalesforceApiError) return this.error(error, headers);
      this.deps.onInternalError?.(error);
      return this.error(
        new SalesforceApiError(500, 'UNKNOWN_EXCEPTION', 'An unexpected error occurred.'),
        headers,
      );
    }
  }

  private dataRequest(
    request: SimulatorRequest,
    session: Session,
    version: string,
    pathParams: Record<string, string>,
    now: number,
  ): DataRequest {
    const client = /(?:^|[,;\s])client=([^,;\s]+)/.exec(
      headerValue(request.headers, 'sforce-call-options') ?? '',
    )?.[1];
    const changeOrigin = `com/salesforce/api/rest/${version}${client ? `;client=${client}` : ''}`;
    return {
      org: session.org,
      session,
      version,
      method: request.method,
      pathParams,
      query: new URLSearchParams(request.query),
      headers: request.headers,
      now,
      json: () => parseJson(request.body),
      commit: (work) => {
        const tx = new DmlTransaction(now);
        const start = tx.savepoint();
        try {
          const result = work(tx);
          if (tx.changes.length > 0) {
            this.deps.onCommit(session.org, tx.changes, {
              changeOrigin,
              commitUser: session.org.userId,
            });
          }
          return result;
        } catch (error) {
          tx.rollbackTo(start);
          throw error;
        }
      },
    };
  }

  private identity(request: SimulatorRequest, orgId: string): SimulatorResponse {
    const session = this.session(request, this.deps.plane.clock.now());
    if (!session || session.org.id !== orgId) {
      return { status: 403, body: 'Bad_OAuth_Token', headers: { 'content-type': 'text/plain' } };
    }
    const org = session.org;
    return {
      status: 200,
      body: {
        id: `${this.baseUrl(request)}/id/${org.id}/${org.userId}`,
        user_id: org.userId,
        organization_id: org.id,
        username: org.username,
        display_name: 'Simulated Admin',
        active: true,
        urls: { rest: `${this.baseUrl(request)}${DATA_PREFIX}/v{version}/` },
      },
    };
  }

  private session(request: SimulatorRequest, now: number): Session | undefined {
    const header = headerValue(request.headers, 'authorization') ?? '';
    const match = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header);
    return match ? this.deps.sessions.find(match[1], now) : undefined;
  }

  private baseUrl(request: SimulatorRequest): string {
    if (this.deps.publicUrl) return this.deps.publicUrl.replace(/\/+$/, '');
    return `http://${headerValue(request.headers, 'host') ?? '127.0.0.1'}`;
  }

  private error(
    error: SalesforceApiError,
    headers: Record<string, string> = {},
  ): SimulatorResponse {
    return {
      status: error.status,
      body: error.toBody(),
      headers: { ...headers, ...error.headers },
    };
  }
}

function limitHeader(used: number, limit: number): Record<string, string> {
  return { 'sforce-limit-info': `api-usage=${used}/${limit}` };
}

function parseJson(body: Buffer): unknown {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw SalesforceApiError.badRequest(
      'JSON_PARSER_ERROR',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

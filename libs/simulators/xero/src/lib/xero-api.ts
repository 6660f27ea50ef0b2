import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  headerValue,
  InjectedFault,
  SimulatorApi,
  SimulatorControlPlane,
  SimulatorRequest,
  SimulatorResponse,
} from '@concord/simulators/core';

import { handleTokenRequest } from './auth/token-endpoint';
import { XeroTokenStore } from './auth/xero-token-store';
import { IdempotencyStore, MAX_IDEMPOTENCY_KEY_LENGTH } from './http/idempotency-store';
import { msDate } from './http/ms-date';
import { XeroApiError } from './http/xero-api.error';
import { XeroRequestContext, XeroResult, XeroRouter } from './http/xero-route';
import { OrganisationRegistry } from './organisations/organisation-registry';
import { UUID_PATTERN, XeroIdFactory } from './organisations/xero-id.factory';
import { XeroRateLimiter } from './rate-limit/xero-rate-limiter';
import { XeroEventSink } from './webhooks/xero-event';
import { XeroWebhookPublisher } from './webhooks/xero-webhook-publisher';

export const XERO_API_PREFIX = '/api.xro/2.0';
export const XERO_TOKEN_PATH = '/connect/token';
export const XERO_CONNECTIONS_PATH = '/connections';
export const XERO_PROVIDER_NAME = 'Concord Xero Simulator';

export interface XeroApiDependencies {
  plane: SimulatorControlPlane;
  registry: OrganisationRegistry;
  ids: XeroIdFactory;
  tokens: XeroTokenStore;
  limiter: XeroRateLimiter;
  webhooks: XeroWebhookPublisher;
  idempotency: IdempotencyStore;
  router: XeroRouter;
  maxBatchSize: number;
  onInternalError?: (error: unknown) => void;
}

/**
 * Xero's request pipeline after the shared fault gate: the identity token endpoint, the
 * connections list, then for the accounting API: bearer token, tenant, rate limits,
 * Idempotency-Key, routing, Xero's envelope and errors, and the webhooks of what changed.
 */
export class XeroApi implements SimulatorApi {
  constructor(private readonly deps: XeroApiDependencies) {}

  async handle(
    request: SimulatorRequest,
    options: { latencyMs: number },
  ): Promise<SimulatorResponse> {
    const path = request.path.replace(/\/+$/, '');
    if (path.toLowerCase() === XERO_TOKEN_PATH && request.method === 'POST') {
      return handleTokenRequest(this.deps.tokens, request);
    }
    const correlationId = this.deps.ids.uuid();
    const headers: Record<string, string> = { 'xero-correlation-id': correlationId };
    try {
      this.authenticate(request, correlationId);
      if (path.toLowerCase() === XERO_CONNECTIONS_PATH && request.method === 'GET') {
        return { status: 200, headers, body: this.connections() };
      }
      if (!path.toLowerCase().startsWith(XERO_API_PREFIX.toLowerCase()))
        throw XeroApiError.notFound();
      return await this.accounting(
        request,
        path.slice(XERO_API_PREFIX.length),
        options,
        headers,
        correlationId,
      );
    } catch (error) {
      const apiError = this.toXeroError(error);
      return {
        status: apiError.status,
        headers: { ...headers, ...apiError.headers },
        body: apiError.body,
      };
    }
  }

  renderFault(fault: InjectedFault): SimulatorResponse {
    const error =
      fault.status === 429
        ? XeroApiError.rateLimited('minute', fault.retryAfterSeconds ?? 1)
        : XeroApiError.serverError(fault.status);
    return { status: error.status, headers: error.headers, body: error.body };
  }

  private async accounting(
    request: SimulatorRequest,
    resourcePath: string,
    options: { latencyMs: number },
    headers: Record<string, string>,
    correlationId: string,
  ): Promise<SimulatorResponse> {
    const tenantHeader = headerValue(request.headers, 'xero-tenant-id');
    if (!tenantHeader || !UUID_PATTERN.test(tenantHeader.trim())) {
      throw XeroApiError.forbidden('AuthorizationUnsuccessful', correlationId);
    }
    const org = this.deps.registry.getOrCreate(tenantHeader.trim());
    const admission = this.deps.limiter.admit(org.tenantId);
    Object.assign(headers, admission.headers);
    if (!admission.allowed)
      throw XeroApiError.rateLimited(admission.problem, admission.retryAfterSeconds);
    try {
      const key = this.idempotencyKey(request);
      const fingerprint = key === undefined ? '' : requestFingerprint(request);
      if (key !== undefined) {
        const found = this.deps.idempotency.lookup(
          org.tenantId,
          key,
          fingerprint,
          this.deps.plane.clock.now(),
        );
        if (found.kind === 'replay') {
          return { ...found.response, headers: { ...found.response.headers, ...headers } };
        }
        if (found.kind === 'mismatch') {
          throw XeroApiError.invalidRequest(
            `The Idempotency-Key '${key}' was already used for a different request`,
          );
        }
      }
      if (options.latencyMs > 0) await sleep(options.latencyMs);
      const match = this.deps.router.match(request.method, resourcePath);
      if (match === undefined) throw XeroApiError.notFound();
      if (match === 'method-not-allowed')
        throw XeroApiError.methodNotAllowed(request.method, request.path);
      const events = new XeroEventSink();
      const context: XeroRequestContext = {
        org,
        method: request.method,
        pathParams: match.pathParams,
        query: new URLSearchParams(request.query),
        headers: request.headers,
        body: parseBody(request),
        now: this.deps.plane.clock.now(),
        ids: this.deps.ids,
        events,
        maxBatchSize: this.deps.maxBatchSize,
      };
      let response: SimulatorResponse;
      try {
        response = this.envelope(match.route.handle(context));
      } catch (error) {
        response = this.errorResponse(error);
      }
      if (response.status < 300) this.deps.webhooks.publish(org.tenantId, events.drain());
      if (key !== undefined && response.status < 500) {
        this.deps.idempotency.store(
          org.tenantId,
          key,
          fingerprint,
          response,
          this.deps.plane.clock.now(),
        );
      }
      return { ...response, headers: { ...response.headers, ...headers } };
    } finally {
      admission.release();
    }
  }

  private authenticate(request: SimulatorRequest, correlationId: string): void {
    const authorization = headerValue(request.headers, 'authorization');
    const token = authorization?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    if (!token) throw XeroApiError.unauthorized('AuthenticationUnsuccessful', correlationId);
    const check = this.deps.tokens.checkAccessToken(token);
    if (!check.ok) throw XeroApiError.unauthorized(check.detail, correlationId);
  }

  private idempotencyKey(request: SimulatorRequest): string | undefined {
    if (request.method !== 'PUT' && request.method !== 'POST') return undefined;
    const key = headerValue(request.headers, 'idempotency-key');
    if (key === undefined || key === '') return undefined;
    if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw XeroApiError.invalidRequest(
        `The Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long`,
      );
    }
    return key;
  }

  private connections(): Record<string, unknown>[] {
    return this.deps.registry.list().map((org) => ({
      id: org.connectionId,
      authEventId: org.connectionId,
      tenantId: org.tenantId,
      tenantType: 'ORGANISATION',
      tenantName: org.name,
      createdDateUtc: new Date(org.createdAt).toISOString(),
      updatedDateUtc: new Date(org.createdAt).toISOString(),
    }));
  }

  private envelope(result: XeroResult): SimulatorResponse {
    if ('noContent' in result) return { status: 204, headers: {} };
    const now = this.deps.plane.clock.now();
    return {
      status: 200,
      headers: {},
      body: {
        Id: this.deps.ids.uuid(),
        Status: 'OK',
        ProviderName: XERO_PROVIDER_NAME,
        DateTimeUTC: msDate(now),
        ...(result.pagination ? { pagination: result.pagination } : {}),
        [result.collection]: result.records,
      },
    };
  }

  private errorResponse(error: unknown): SimulatorResponse {
    const apiError = this.toXeroError(error);
    return { status: apiError.status, headers: apiError.headers, body: apiError.body };
  }

  private toXeroError(error: unknown): XeroApiError {
    if (error instanceof XeroApiError) return error;
    this.deps.onInternalError?.(error);
    return XeroApiError.serverError(500);
  }
}

function parseBody(request: SimulatorRequest): unknown {
  const text = request.body.toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new XeroApiError(400, {
      ErrorNumber: 14,
      Type: 'PostDataInvalidException',
      Message: 'JSON for this request could not be parsed.',
    });
  }
}

function requestFingerprint(request: SimulatorRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.path.toLowerCase()}?${request.query}\n`)
    .update(request.body)
    .digest('hex');
}

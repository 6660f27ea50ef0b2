import { setTimeout as sleep } from 'node:timers/promises';

import {
  headerValue,
  InjectedFault,
  SimulatorApi,
  SimulatorControlPlane,
  SimulatorRequest,
  SimulatorResponse,
} from '@concord/simulators/core';

import { AccountRegistry } from './accounts/account-registry';
import { StripeAccount } from './accounts/stripe-account';
import { StripeIdFactory } from './accounts/stripe-id.factory';
import { authenticate } from './auth/api-key-authenticator';
import { STRIPE_API_VERSION } from './events/event-recorder';
import { decodeForm, FormDecodeError, FormObject } from './http/form-decoder';
import { JsonValue } from './http/json-value';
import { RequestParams } from './http/request-params';
import { expandResponse } from './http/response-expander';
import { StripeApiError } from './http/stripe-api.error';
import { StripeRequestContext, StripeRoute, StripeRouter } from './http/stripe-route';
import { requestFingerprint } from './idempotency/idempotency-store';

const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

export interface StripeApiDependencies {
  plane: SimulatorControlPlane;
  registry: AccountRegistry;
  ids: StripeIdFactory;
  routes: StripeRoute[];
  demoKey: string;
  onInternalError?: (error: unknown) => void;
}

interface ClaimedKey {
  account: StripeAccount;
  key: string;
}

/**
 * Stripe's request pipeline after the shared fault gate: authentication, the optional per-account
 * rate limit, parameter decoding, idempotency keys, routing, expansion, and Stripe's error shape.
 */
export class StripeApi implements SimulatorApi {
  private readonly router: StripeRouter;

  constructor(private readonly deps: StripeApiDependencies) {
    this.router = new StripeRouter(deps.routes);
  }

  async handle(
    request: SimulatorRequest,
    options: { latencyMs: number },
  ): Promise<SimulatorResponse> {
    const requestId = this.deps.ids.requestId();
    const headers = this.baseHeaders(requestId);
    const idempotencyKey =
      request.method === 'POST' ? (headerValue(request.headers, 'idempotency-key') ?? null) : null;
    if (idempotencyKey !== null) headers['idempotency-key'] = idempotencyKey;
    let claimed: ClaimedKey | undefined;
    let status: number;
    let body: JsonValue;
    try {
      const account = authenticate(request.headers, this.deps.registry, this.deps.demoKey);
      const match = this.router.match(request.method, request.path);
      account.countRequest(request.method, match?.route.pattern ?? '(unrecognized)');
      const budget = this.deps.plane.rateLimiter.take(account.id);
      if (!budget.allowed) throw StripeApiError.rateLimited(Math.ceil(budget.retryAfterMs / 1000));
      if (!match) throw StripeApiError.unrecognizedUrl(request.method, request.path);
      const values = decodeParameters(request);
      if (idempotencyKey !== null) {
        const replay = this.claimKey(account, idempotencyKey, request, values, headers);
        if (replay) return replay;
        claimed = { account, key: idempotencyKey };
      }
      if (options.latencyMs > 0) await sleep(options.latencyMs);
      const params = new RequestParams(values);
      const context: StripeRequestContext = {
        account,
        params,
        pathParams: match.pathParams,
        method: request.method,
        path: request.path,
        requestId,
        idempotencyKey,
        expand: params.stringList('expand') ?? [],
      };
      const result = match.route.handle(context);
      body = context.expand.length > 0 ? expandResponse(account, result, context.expand) : result;
      status = 200;
    } catch (error) {
      const apiError = this.toStripeError(error);
      status = apiError.status;
      body = apiError.toBody();
      Object.assign(headers, apiError.headers);
      if (claimed && !apiError.stored) {
        claimed.account.idempotency.release(claimed.key);
        claimed = undefined;
      }
    }
    if (claimed) claimed.account.idempotency.complete(claimed.key, { status, body, requestId });
    return { status, body, headers };
  }

  renderFault(fault: InjectedFault): SimulatorResponse {
    const error =
      fault.status === 429
        ? StripeApiError.rateLimited(fault.retryAfterSeconds)
        : StripeApiError.apiError(fault.status);
    return {
      status: error.status,
      body: error.toBody(),
      headers: { ...this.baseHeaders(this.deps.ids.requestId()), ...error.headers },
    };
  }

  /** Returns the stored response to replay, throws for a misuse, or claims the key (undefined). */
  private claimKey(
    account: StripeAccount,
    key: string,
    request: SimulatorRequest,
    values: FormObject,
    headers: Record<string, string>,
  ): SimulatorResponse | undefined {
    if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw StripeApiError.invalid(
        `Idempotency keys must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters long.`,
      );
    }
    const fingerprint = requestFingerprint(request.method, request.path, values);
    const claim = account.idempotency.claim(key, fingerprint, this.deps.plane.clock.now());
    if (claim.kind === 'replay') {
      return {
        status: claim.result.status,
        body: claim.result.body,
        headers: {
          ...headers,
          'idempotent-replayed': 'true',
          'original-request': claim.result.requestId,
        },
      };
    }
    if (claim.kind === 'mismatch') {
      throw new StripeApiError(
        400,
        'idempotency_error',
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    }
    if (claim.kind === 'in_flight') {
      throw new StripeApiError(
        409,
        'idempotency_error',
        'There is currently another in-progress request using this Stripe Idempotency-Key. Please try again later.',
        'idempotency_key_in_use',
      );
    }
    return undefined;
  }

  private toStripeError(error: unknown): StripeApiError {
    if (error instanceof StripeApiError) return error;
    if (error instanceof FormDecodeError) return StripeApiError.invalid(error.message, error.param);
    this.deps.onInternalError?.(error);
    return StripeApiError.apiError(500);
  }

  private baseHeaders(requestId: string): Record<string, string> {
    return { 'request-id': requestId, 'stripe-version': STRIPE_API_VERSION };
  }
}

/** Query parameters, and for POST the form body on top (the body wins). */
function decodeParameters(request: SimulatorRequest): FormObject {
  const query = decodeForm(request.query);
  if (request.method !== 'POST') return query;
  return { ...query, ...decodeForm(request.body.toString('utf8')) };
}

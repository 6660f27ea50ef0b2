import { RequestListener } from 'node:http';

import { ValidationError, ValidationErrorCode } from '@concord/errors';
import {
  createSimulatorRequestHandler,
  dispatchSimulatorRequest,
  isRecord,
  RateLimitSettings,
  SeededRandom,
  SimulationClock,
  SimulatorControlPlane,
  SimulatorRequest,
  SimulatorResponse,
  WebhookSettings,
  WebhookTransport,
} from '@concord/simulators/core';

import { AccountRegistry } from './accounts/account-registry';
import { StripeIdFactory } from './accounts/stripe-id.factory';
import { EventRecorder } from './events/event-recorder';
import { CustomerController } from './resources/customers/customer.controller';
import { EventController } from './resources/events/event.controller';
import { InvoiceItemController } from './resources/invoice-items/invoice-item.controller';
import { InvoiceController } from './resources/invoices/invoice.controller';
import { PriceController } from './resources/prices/price.controller';
import { ProductController } from './resources/products/product.controller';
import { WebhookEndpointController } from './resources/webhook-endpoints/webhook-endpoint.controller';
import { StripeApi } from './stripe-api';
import { StripeRuntime } from './stripe-runtime';

export const STRIPE_DEMO_KEY = 'sk_test_concord_demo';
/** Stripe's test-mode limit; the simulator enforces it only when asked. */
export const STRIPE_TEST_MODE_OPS_PER_SECOND = 25;

export interface StripeSimulatorOptions {
  /** Works out of the box (any other `sk_test_` key works too, as its own account). */
  demoKey?: string;
  clock?: SimulationClock;
  /** The seeded randomness behind ids and fault decisions (shared with other simulators if wanted). */
  rng?: SeededRandom;
  /** Seeds ids and fault decisions; ignored when `rng` is given. */
  seed?: number;
  /** `true` enforces 25 ops/s per account; off by default. */
  rateLimit?: boolean | Partial<RateLimitSettings>;
  webhooks?: Partial<WebhookSettings>;
  webhookTransport?: WebhookTransport;
  /** Search visibility delay (real Stripe: up to about a minute); 0 by default. */
  searchLagMs?: number;
  /** Told about simulator bugs that became a 500 api_error (for the host's log). */
  onInternalError?: (error: unknown) => void;
}

export interface StripeSimulator {
  /** A node `http` request handler serving the API and `/_control/`. */
  readonly handler: RequestListener;
  readonly control: SimulatorControlPlane;
  readonly demoKey: string;
  /** Serves one request without a socket (for in-process tests). */
  dispatch(request: SimulatorRequest): Promise<SimulatorResponse>;
  revokeKey(apiKey: string): void;
  restoreKey(apiKey: string): void;
  /** Stops webhook delivery timers. */
  close(): void;
}

/** A stateful Stripe (API version 2023-08-16) that the official SDK can use unchanged. */
export function createStripeSimulator(options: StripeSimulatorOptions = {}): StripeSimulator {
  const demoKey = options.demoKey ?? STRIPE_DEMO_KEY;
  const rateLimit =
    typeof options.rateLimit === 'boolean'
      ? { enabled: options.rateLimit, perSecond: STRIPE_TEST_MODE_OPS_PER_SECOND }
      : { perSecond: STRIPE_TEST_MODE_OPS_PER_SECOND, ...options.rateLimit };
  const plane = new SimulatorControlPlane({
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.rng ? { random: options.rng } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    ...(options.webhookTransport ? { webhookTransport: options.webhookTransport } : {}),
    ...(options.searchLagMs === undefined ? {} : { searchLagMs: options.searchLagMs }),
    rateLimit,
  });
  const registry = new AccountRegistry();
  const ids = new StripeIdFactory(plane.random);
  const runtime: StripeRuntime = {
    clock: plane.clock,
    ids,
    events: new EventRecorder(plane.clock, ids, plane.webhooks),
    searchLagMs: () => plane.searchLagMs,
  };
  const routes = [
    ...new CustomerController(runtime).routes(),
    ...new ProductController(runtime).routes(),
    ...new PriceController(runtime).routes(),
    ...new InvoiceItemController(runtime).routes(),
    ...new InvoiceController(runtime).routes(),
    ...new EventController(plane.clock).routes(),
    ...new WebhookEndpointController(runtime).routes(),
  ];
  const api = new StripeApi({
    plane,
    registry,
    ids,
    routes,
    demoKey,
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
  });

  plane.onReset(() => registry.reset());
  plane.addState('accounts', () => registry.summary());
  plane.addRoute({
    method: 'POST',
    path: '/accounts/revoke',
    handle: (body) => {
      registry.revoke(apiKeyFrom(body));
      return { revoked: true };
    },
  });
  plane.addRoute({
    method: 'POST',
    path: '/accounts/requests',
    handle: (body) => registry.requestsOf(apiKeyFrom(body)),
  });
  plane.addRoute({
    method: 'POST',
    path: '/accounts/restore',
    handle: (body) => {
      registry.restore(apiKeyFrom(body));
      return { revoked: false };
    },
  });

  return {
    handler: createSimulatorRequestHandler(plane, api),
    control: plane,
    demoKey,
    dispatch: (request) => dispatchSimulatorRequest(plane, api, request),
    revokeKey: (apiKey) => registry.revoke(apiKey),
    restoreKey: (apiKey) => registry.restore(apiKey),
    close: () => plane.close(),
  };
}

function apiKeyFrom(body: unknown): string {
  const key = isRecord(body) ? body['key'] : undefined;
  if (typeof key !== 'string' || key === '') {
    throw new ValidationError(ValidationErrorCode.INVALID_INPUT, 'Invalid control request: key', [
      { field: 'key', message: 'the API key of the account' },
    ]);
  }
  return key;
}

import { RequestListener } from 'node:http';

import {
  createSimulatorRequestHandler,
  dispatchSimulatorRequest,
  SeededRandom,
  SimulationClock,
  SimulatorControlPlane,
  SimulatorRequest,
  SimulatorResponse,
  WebhookSettings,
  WebhookTransport,
} from '@concord/simulators/core';

import { XeroTokenStore } from './auth/xero-token-store';
import { IdempotencyStore } from './http/idempotency-store';
import { XeroRouter } from './http/xero-route';
import { DEMO_TENANT_ID, OrganisationRegistry } from './organisations/organisation-registry';
import { XeroIdFactory } from './organisations/xero-id.factory';
import { XeroLimits, XeroRateLimiter } from './rate-limit/xero-rate-limiter';
import { ContactController } from './resources/contacts/contact.controller';
import { InvoiceController } from './resources/invoices/invoice.controller';
import { ItemController } from './resources/items/item.controller';
import { PaymentController } from './resources/payments/payment.controller';
import { ReferenceController } from './resources/reference/reference.controller';
import { XeroWebhookPublisher } from './webhooks/xero-webhook-publisher';
import { XeroApi } from './xero-api';
import { registerXeroControl } from './xero-control-routes';

/** Xero's request size limit is 3.5 MB. */
const MAX_BODY_BYTES = 3.5 * 1024 * 1024;
export const XERO_MAX_BATCH_SIZE = 50;

export interface XeroSimulatorOptions {
  clock?: SimulationClock;
  rng?: SeededRandom;
  /** Seeds ids, tokens and fault decisions; ignored when `rng` is given. */
  seed?: number;
  /** `true` enforces Xero's limits from the start (off by default; `/_control/rate-limit` switches). */
  rateLimit?: boolean;
  limits?: Partial<XeroLimits>;
  /** Access token lifetime (Xero: 1800 s). */
  accessTokenSeconds?: number;
  /** Most records one PUT/POST may carry (50). */
  maxBatchSize?: number;
  /** The app's webhook; it is verified (intent to receive) before the first delivery. */
  webhook?: { url: string; key: string };
  webhooks?: Partial<WebhookSettings>;
  webhookTransport?: WebhookTransport;
  /** Told about simulator bugs that became a 500 (for the host's log). */
  onInternalError?: (error: unknown) => void;
}

export interface XeroSimulator {
  /** A node `http` request handler serving the API, the token endpoint and `/_control/`. */
  readonly handler: RequestListener;
  readonly control: SimulatorControlPlane;
  readonly demoTenantId: string;
  readonly webhooks: XeroWebhookPublisher;
  readonly limiter: XeroRateLimiter;
  /** Serves one request without a socket (for in-process tests). */
  dispatch(request: SimulatorRequest): Promise<SimulatorResponse>;
  /** Stops webhook delivery timers. */
  close(): void;
}

/** A stateful Xero accounting API (contacts, items, invoices, payments) that xero-node uses unchanged. */
export function createXeroSimulator(options: XeroSimulatorOptions = {}): XeroSimulator {
  const plane = new SimulatorControlPlane({
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.rng ? { random: options.rng } : {}),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.webhooks ? { webhooks: options.webhooks } : {}),
    ...(options.webhookTransport ? { webhookTransport: options.webhookTransport } : {}),
    rateLimit: { enabled: options.rateLimit ?? false },
  });
  const ids = new XeroIdFactory(plane.random);
  const registry = new OrganisationRegistry(plane.clock, ids);
  const tokens = new XeroTokenStore(plane.clock, ids, {
    ...(options.accessTokenSeconds === undefined
      ? {}
      : { accessTokenSeconds: options.accessTokenSeconds }),
  });
  const limiter = new XeroRateLimiter(
    plane.clock,
    () => plane.rateLimiter.view().enabled,
    options.limits,
  );
  const webhooks = new XeroWebhookPublisher(
    plane.random.stream('webhooks'),
    plane.webhooks,
    options.webhookTransport,
  );
  if (options.webhook) webhooks.configure(options.webhook.url, options.webhook.key);
  const idempotency = new IdempotencyStore();
  const router = new XeroRouter([
    ...new ContactController().routes(),
    ...new ItemController().routes(),
    ...new InvoiceController().routes(),
    ...new PaymentController().routes(),
    ...new ReferenceController().routes(),
  ]);
  const api = new XeroApi({
    plane,
    registry,
    ids,
    tokens,
    limiter,
    webhooks,
    idempotency,
    router,
    maxBatchSize: options.maxBatchSize ?? XERO_MAX_BATCH_SIZE,
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {}),
  });
  plane.onReset(() => {
    registry.reset();
    idempotency.reset();
    limiter.reset();
  });
  registerXeroControl(plane, { registry, tokens, limiter, webhooks });
  return {
    handler: createSimulatorRequestHandler(plane, api, { maxBodyBytes: MAX_BODY_BYTES }),
    control: plane,
    demoTenantId: DEMO_TENANT_ID,
    webhooks,
    limiter,
    dispatch: (request) => dispatchSimulatorRequest(plane, api, request),
    close: () => plane.close(),
  };
}

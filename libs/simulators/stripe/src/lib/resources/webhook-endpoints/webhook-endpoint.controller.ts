import { isValidEventTypePattern } from '../../events/event-types';
import { cloneJson, JsonObject } from '../../http/json-value';
import { applyMetadata, RequestParams } from '../../http/request-params';
import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext, StripeRoute } from '../../http/stripe-route';
import { LIST_PARAMS, paginate, readListOptions } from '../../pagination/list-page';
import { StripeRuntime } from '../../stripe-runtime';
import { findWebhookEndpoint } from '../resource-lookup';
import { DeletedObject, WebhookEndpointObject } from '../stripe-objects';

const MAX_ENDPOINTS = 16;

/**
 * `/v1/webhook_endpoints`. The signing secret (`whsec_...`) is returned once, on creation, as
 * Stripe does; events go to every enabled endpoint subscribed to their type (or `*`).
 */
export class WebhookEndpointController {
  constructor(private readonly runtime: StripeRuntime) {}

  routes(): StripeRoute[] {
    return [
      { method: 'POST', pattern: '/v1/webhook_endpoints', handle: (ctx) => this.create(ctx) },
      { method: 'GET', pattern: '/v1/webhook_endpoints', handle: (ctx) => this.list(ctx) },
      {
        method: 'GET',
        pattern: '/v1/webhook_endpoints/:endpoint',
        handle: (ctx) => this.retrieve(ctx),
      },
      {
        method: 'POST',
        pattern: '/v1/webhook_endpoints/:endpoint',
        handle: (ctx) => this.update(ctx),
      },
      {
        method: 'DELETE',
        pattern: '/v1/webhook_endpoints/:endpoint',
        handle: (ctx) => this.delete(ctx),
      },
    ];
  }

  private create(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([
      'api_version',
      'connect',
      'description',
      'enabled_events',
      'expand',
      'metadata',
      'url',
    ]);
    if (account.webhookEndpoints.size >= MAX_ENDPOINTS) {
      throw StripeApiError.invalid(
        `You have reached the maximum of ${MAX_ENDPOINTS} test webhook endpoints.`,
        'url',
      );
    }
    const url = readUrl(params, true) as string;
    const enabledEvents = readEnabledEvents(params, true) as string[];
    if (params.boolean('connect')) {
      throw StripeApiError.invalid('Connect webhook endpoints are not simulated.', 'connect');
    }
    const endpoint: WebhookEndpointObject = {
      id: this.runtime.ids.long('we'),
      object: 'webhook_endpoint',
      api_version: params.presentString('api_version') ?? null,
      application: null,
      created: this.runtime.clock.nowSeconds(),
      description: params.string('description') ?? null,
      enabled_events: enabledEvents,
      livemode: false,
      metadata: applyMetadata({}, params.metadata()),
      status: 'enabled',
      url,
    };
    const secret = this.runtime.ids.webhookSecret();
    account.webhookEndpoints.insert(endpoint);
    account.webhookSecrets.set(endpoint.id, secret);
    return { ...cloneJson(endpoint), secret };
  }

  private retrieve(ctx: StripeRequestContext): JsonObject {
    ctx.params.only(['expand']);
    return cloneJson(findWebhookEndpoint(ctx.account, ctx.pathParams['endpoint']));
  }

  private update(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only(['description', 'disabled', 'enabled_events', 'expand', 'metadata', 'url']);
    const endpoint = cloneJson(findWebhookEndpoint(account, ctx.pathParams['endpoint']));
    const url = readUrl(params, false);
    if (url !== undefined) endpoint.url = url;
    const events = readEnabledEvents(params, false);
    if (events !== undefined) endpoint.enabled_events = events;
    const description = params.string('description');
    if (description !== undefined) endpoint.description = description;
    const disabled = params.boolean('disabled');
    if (disabled !== undefined) endpoint.status = disabled ? 'disabled' : 'enabled';
    endpoint.metadata = applyMetadata(endpoint.metadata, params.metadata());
    return cloneJson(account.webhookEndpoints.replace(endpoint));
  }

  private delete(ctx: StripeRequestContext): JsonObject {
    ctx.params.only([]);
    const endpoint = findWebhookEndpoint(ctx.account, ctx.pathParams['endpoint']);
    ctx.account.webhookEndpoints.delete(endpoint.id);
    ctx.account.webhookSecrets.delete(endpoint.id);
    const deleted: DeletedObject = { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
    return deleted;
  }

  private list(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only(LIST_PARAMS);
    const options = readListOptions(params);
    const seqOf = (id: string): number | undefined => account.webhookEndpoints.seqOf(id);
    return cloneJson(
      paginate(
        account.webhookEndpoints.newestFirst(),
        options,
        seqOf,
        '/v1/webhook_endpoints',
        'webhook_endpoint',
      ),
    );
  }
}

function readUrl(params: RequestParams, required: boolean): string | undefined {
  const url = required ? params.requiredString('url') : params.presentString('url');
  if (url === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw StripeApiError.invalid(`Invalid URL: ${url}`, 'url', 'url_invalid');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw StripeApiError.invalid(
      `Invalid URL: ${url}. URLs must be http or https.`,
      'url',
      'url_invalid',
    );
  }
  return url;
}

function readEnabledEvents(params: RequestParams, required: boolean): string[] | undefined {
  const events = params.stringList('enabled_events');
  if (events === undefined) {
    if (required) throw StripeApiError.parameterMissing('enabled_events');
    return undefined;
  }
  if (events.length === 0) throw StripeApiError.parameterInvalidEmpty('enabled_events');
  events.forEach((event, index) => {
    if (!isValidEventTypePattern(event)) {
      throw StripeApiError.invalid(`Invalid event type: ${event}`, `enabled_events[${index}]`);
    }
  });
  return events;
}

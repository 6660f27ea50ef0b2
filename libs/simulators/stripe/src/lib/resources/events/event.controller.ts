import { SimulationClock } from '@concord/simulators/core';

import { cloneJson, JsonObject } from '../../http/json-value';
import { matchesRange } from '../../http/request-params';
import { StripeApiError } from '../../http/stripe-api.error';
import { StripeRequestContext, StripeRoute } from '../../http/stripe-route';
import { LIST_PARAMS, paginate, readListOptions } from '../../pagination/list-page';

const RETENTION_SECONDS = 30 * 86_400;

/** `/v1/events`: the last 30 days of events, filtered by `type` (with `*` wildcards) or `types[]`. */
export class EventController {
  constructor(private readonly clock: SimulationClock) {}

  routes(): StripeRoute[] {
    return [
      { method: 'GET', pattern: '/v1/events', handle: (ctx) => this.list(ctx) },
      { method: 'GET', pattern: '/v1/events/:id', handle: (ctx) => this.retrieve(ctx) },
    ];
  }

  private retrieve(ctx: StripeRequestContext): JsonObject {
    ctx.params.only(['expand']);
    const event = ctx.account.events.get(ctx.pathParams['id']);
    if (!event || !this.retained(event.created)) {
      throw StripeApiError.resourceMissing('event', ctx.pathParams['id']);
    }
    return cloneJson(event);
  }

  private list(ctx: StripeRequestContext): JsonObject {
    const { params, account } = ctx;
    params.only([...LIST_PARAMS, 'created', 'delivery_success', 'type', 'types']);
    const options = readListOptions(params);
    const created = params.rangeFilter('created');
    const type = params.presentString('type');
    const types = params.stringList('types');
    if (type !== undefined && types !== undefined) {
      throw StripeApiError.invalid(
        'You may only specify one of these parameters: type, types.',
        'types',
      );
    }
    const deliverySuccess = params.boolean('delivery_success');
    const typeMatcher = type === undefined ? undefined : wildcard(type);
    const items = account.events
      .newestFirst()
      .filter((event) => this.retained(event.created))
      .filter((event) => matchesRange(event.created, created))
      .filter((event) => typeMatcher === undefined || typeMatcher.test(event.type))
      .filter((event) => types === undefined || types.includes(event.type))
      .filter(
        (event) =>
          deliverySuccess === undefined || (event.pending_webhooks === 0) === deliverySuccess,
      );
    const seqOf = (id: string): number | undefined => account.events.seqOf(id);
    return cloneJson(paginate(items, options, seqOf, '/v1/events', 'event'));
  }

  private retained(created: number): boolean {
    return created >= this.clock.nowSeconds() - RETENTION_SECONDS;
  }
}

/** `customer.*` matches every customer event, as Stripe's `type` filter does. */
function wildcard(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

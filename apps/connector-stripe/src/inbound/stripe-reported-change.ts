import type { InboundContext, ReportedChange } from '@concord/connector-kit';
import { canonicalJson, type EntityType } from '@concord/model';
import type Stripe from 'stripe';

import { stripeMappers } from '../outbound/stripe-current-record';
import type { StripeEvent2023 } from '../stripe/stripe-wire.types';

/**
 * Update events whose own payload the kit may publish instead of the record read afresh: customers
 * and products, whose event objects carry every field the connector maps. (Invoices are written in
 * several steps and their lines are listed apart: they always go by the record read afresh.)
 */
const REPORTABLE = new Set(['customer.updated', 'product.updated']);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The object as it was before the event: `previous_attributes` laid over it, hashes (metadata,
 * address) key by key, where `null` marks a key the event added.
 */
function objectBefore(object: Json, previous: Json): Json {
  const before: Json = { ...object };
  for (const [key, old] of Object.entries(previous)) {
    const now = before[key];
    if (isObject(old) && isObject(now)) {
      const nested: Json = { ...now };
      for (const [inner, value] of Object.entries(old)) {
        if (value === null) delete nested[inner];
        else nested[inner] = value;
      }
      before[key] = nested;
    } else {
      before[key] = old;
    }
  }
  return before;
}

/**
 * An update as its event reported it, in canonical form: the record the event carried, and the
 * canonical fields it changed with their values before. Undefined for other events, or when the
 * change touched nothing the connector maps.
 */
export function reportedChangeOf(
  entityType: EntityType,
  event: StripeEvent2023,
  ctx: InboundContext<Stripe>,
): ReportedChange<Json> | undefined {
  const previous = event.data.previous_attributes;
  if (!REPORTABLE.has(event.type) || !previous) return undefined;
  const mapping = { links: ctx.links, connection: ctx.connection };
  const mapper = stripeMappers[entityType];
  const after = mapper.toCanonical(event.data.object, mapping);
  const before = mapper.toCanonical(objectBefore(event.data.object, previous), mapping);
  if (after.deleted || before.deleted) return undefined;
  const afterContent = after.content as Json;
  const changed: Json = {};
  for (const [field, value] of Object.entries(before.content as Json)) {
    if (canonicalJson(value ?? null) !== canonicalJson(afterContent[field] ?? null)) {
      changed[field] = value;
    }
  }
  if (Object.keys(changed).length === 0) return undefined;
  return { content: afterContent, previous: changed };
}

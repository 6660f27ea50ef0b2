import type { ExternalCallContext, MatchCandidate } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';
import type Stripe from 'stripe';

import { listPages } from '../inbound/stripe-listing';
import { CONCORD_ID_KEY } from '../mappers/concord-metadata';
import { SKU_KEY } from '../mappers/stripe-product.mapper';
import { read } from './stripe-call';

type Ctx = ExternalCallContext<Stripe>;
type WithMetadata = { id: string; metadata?: Record<string, string> | null };

/** Stops a lookup by listing from reading an unbounded account. */
const MAX_SCANNED = 5000;

async function scan(
  entityType: EntityType,
  ctx: Ctx,
  matches: (record: WithMetadata) => boolean,
): Promise<string | null> {
  let scanned = 0;
  for await (const record of listPages(entityType, ctx)) {
    const candidate = record as WithMetadata;
    if (matches(candidate)) return candidate.id;
    scanned += 1;
    if (scanned >= MAX_SCANNED) return null;
  }
  return null;
}

function quoted(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * Finds the Stripe record carrying a Concord id: customers through search (eventually consistent
 * in Stripe, so only the fallback for links the connector never saw), products and invoices by
 * listing.
 */
export async function findByConcordId(
  entityType: EntityType,
  entityId: string,
  ctx: Ctx,
): Promise<string | null> {
  if (entityType === 'customer') {
    const result = await read(ctx, 'search-customer', () =>
      ctx.client.customers.search({
        query: `metadata[${quoted(CONCORD_ID_KEY)}]:${quoted(entityId)}`,
        limit: 1,
      }),
    );
    return result.data[0]?.id ?? null;
  }
  return scan(entityType, ctx, (record) => record.metadata?.[CONCORD_ID_KEY] === entityId);
}

/**
 * Finds an existing record by a matching key before a backfill creates one: customers by email
 * (the list filter, strongly consistent), products by SKU or name. A record already linked to
 * another Concord id is not a match.
 */
export async function findByMatchingKey(
  entityType: EntityType,
  key: string,
  value: string,
  ctx: Ctx,
): Promise<string | null> {
  const unclaimed = (record: WithMetadata): boolean => !record.metadata?.[CONCORD_ID_KEY];
  if (entityType === 'customer' && key === 'email') {
    const result = await read(ctx, 'match-customer', () =>
      ctx.client.customers.list({ email: value, limit: 10 }),
    );
    return result.data.find(unclaimed)?.id ?? null;
  }
  if (entityType === 'product' && (key === 'sku' || key === 'name')) {
    return scan('product', ctx, (record) => {
      const product = record as WithMetadata & { name?: string };
      const actual = key === 'sku' ? product.metadata?.[SKU_KEY] : product.name;
      return unclaimed(product) && actual === value;
    });
  }
  return null;
}

/**
 * Every customer (by email) or product (by SKU and name) with the Concord id it carries, read
 * through the list endpoints 100 a call: what a backfill's matching index is built from. Invoices
 * are not matched by key, and their lookups by Concord id stay per record.
 */
export function listForMatching(
  entityType: EntityType,
  ctx: Ctx,
): AsyncIterable<MatchCandidate> | null {
  if (entityType === 'invoice') return null;
  return candidates(entityType, ctx);
}

async function* candidates(
  entityType: 'customer' | 'product',
  ctx: Ctx,
): AsyncGenerator<MatchCandidate> {
  for await (const record of listPages(entityType, ctx)) {
    const listed = record as WithMetadata & { email?: string | null; name?: string };
    const keys: Record<string, string> =
      entityType === 'customer'
        ? { ...(listed.email ? { email: listed.email } : {}) }
        : {
            ...(listed.metadata?.[SKU_KEY] ? { sku: listed.metadata[SKU_KEY] } : {}),
            ...(listed.name ? { name: listed.name } : {}),
          };
    yield { externalId: listed.id, concordId: listed.metadata?.[CONCORD_ID_KEY] || null, keys };
  }
}

import { createHash } from 'node:crypto';

import type { ExternalCallContext } from '@concord/connector-kit';
import type Stripe from 'stripe';

/** The context Stripe writers get from the kit. */
export type StripeCallContext = ExternalCallContext<Stripe>;

function paramsDigest(params: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(params ?? null))
    .digest('hex')
    .slice(0, 12);
}

/**
 * One Stripe write under the kit's budget: its idempotency key is `concord-<eventId>-<step>-<digest
 * of the parameters>`, so a redelivered event replays exactly what it sent before, and a retry that
 * (having seen a partial earlier attempt) sends different parameters is a new request rather than
 * an `idempotency_error`.
 */
export function write<T>(
  ctx: StripeCallContext,
  step: string,
  params: unknown,
  request: (options: Stripe.RequestOptions) => Promise<T>,
): Promise<T> {
  return ctx.call(`${step}-${paramsDigest(params)}`, (idempotencyKey) =>
    request({ idempotencyKey }),
  );
}

/** One Stripe read under the kit's budget (no idempotency key needed). */
export function read<T>(
  ctx: StripeCallContext,
  step: string,
  request: () => Promise<T>,
): Promise<T> {
  return ctx.call(step, () => request());
}

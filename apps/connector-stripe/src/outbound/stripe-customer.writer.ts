import {
  externalDeletePending,
  type UpsertContext,
  type UpsertResult,
} from '@concord/connector-kit';
import { NotFoundError } from '@concord/errors';
import type Stripe from 'stripe';

import { CONCORD_ID_KEY } from '../mappers/concord-metadata';
import type { StripeCustomerPayload } from '../mappers/stripe-customer.mapper';
import { write } from './stripe-call';
import { mayRecreate } from './stripe-external-delete';

/** Creates, updates and deletes Stripe customers. */
export class StripeCustomerWriter {
  async upsert(
    entityId: string,
    mapped: StripeCustomerPayload,
    ctx: UpsertContext<Stripe>,
  ): Promise<UpsertResult> {
    const metadata = { ...mapped.metadata, [CONCORD_ID_KEY]: entityId };
    if (ctx.existing) {
      try {
        return await this.update(ctx.existing.externalId, mapped, metadata, ctx);
      } catch (error) {
        // Deleted in Stripe meanwhile: created again only if the conflict policy lets the
        // catalog's record win over that delete.
        if (!(error instanceof NotFoundError)) throw error;
        const gone = ctx.existing.externalId;
        if (!(await mayRecreate('customer', gone, ctx)))
          throw externalDeletePending('customer', gone);
      }
    }
    const params: Stripe.CustomerCreateParams = {
      name: mapped.name,
      ...(mapped.email ? { email: mapped.email } : {}),
      ...(mapped.phone ? { phone: mapped.phone } : {}),
      ...(mapped.address ? { address: mapped.address } : {}),
      metadata,
    };
    const customer = await write(ctx, ctx.existing ? 'recreate' : 'create', params, (options) =>
      ctx.client.customers.create(params, options),
    );
    return { externalId: customer.id, externalVersion: null };
  }

  async delete(externalId: string, ctx: UpsertContext<Stripe>): Promise<void> {
    try {
      await write(ctx, 'delete', externalId, () => ctx.client.customers.del(externalId));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  private async update(
    id: string,
    mapped: StripeCustomerPayload,
    metadata: Record<string, string>,
    ctx: UpsertContext<Stripe>,
  ): Promise<UpsertResult> {
    const { changedFields } = ctx;
    // Stripe merges metadata: keys removed in the catalog are cleared first, only when they may be.
    if (
      changedFields === null ||
      changedFields.includes('metadata') ||
      changedFields.includes('currency')
    ) {
      await write(ctx, 'clear-metadata', { id }, (options) =>
        ctx.client.customers.update(id, { metadata: '' }, options),
      );
    }
    const params: Stripe.CustomerUpdateParams = {
      name: mapped.name,
      email: mapped.email ?? '',
      phone: mapped.phone ?? '',
      address: mapped.address ?? '',
      metadata,
    };
    const customer = await write(ctx, 'update', { id, params }, (options) =>
      ctx.client.customers.update(id, params, options),
    );
    return { externalId: customer.id, externalVersion: null };
  }
}

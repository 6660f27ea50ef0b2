import Stripe from 'stripe';

import { type RetryCounter, retryTransient, TransientFailure } from '../clients/retry';
import type { CustomerFields, ProductFields } from './oracle';

export const STRIPE_API_VERSION = '2023-08-16';

/** The official SDK pointed at the simulator; retries are ours (with stable idempotency keys). */
export function stripeClient(simulatorUrl: string, apiKey: string): Stripe {
  const { port } = new URL(simulatorUrl);
  return new Stripe(apiKey, {
    host: '127.0.0.1',
    port: Number(port),
    protocol: 'http',
    apiVersion: STRIPE_API_VERSION as Stripe.LatestApiVersion,
    maxNetworkRetries: 0,
    timeout: 20_000,
  });
}

/**
 * The workload's writes straight to Stripe, as a user editing in the Stripe dashboard would.
 * Idempotency keys start with `chaos-` (never `concord-`, which the connector treats as its own).
 */
export class StripeWriter {
  constructor(
    private readonly stripe: Stripe,
    private readonly counter: RetryCounter,
  ) {}

  async createCustomer(key: string, c: CustomerFields): Promise<string> {
    const created = await this.call(() =>
      this.stripe.customers.create(
        { name: c.name, email: c.email, phone: c.phone, metadata: { tier: c.tier } },
        { idempotencyKey: `chaos-create-${key}` },
      ),
    );
    return created.id;
  }

  async updateCustomer(id: string, c: CustomerFields, write: string): Promise<void> {
    await this.call(() =>
      this.stripe.customers.update(
        id,
        { name: c.name, email: c.email, phone: c.phone, metadata: { tier: c.tier } },
        { idempotencyKey: `chaos-${write}` },
      ),
    );
  }

  async renameCustomer(id: string, name: string, write: string): Promise<void> {
    await this.call(() =>
      this.stripe.customers.update(id, { name }, { idempotencyKey: `chaos-${write}` }),
    );
  }

  async deleteCustomer(id: string): Promise<void> {
    await this.call(async () => {
      try {
        await this.stripe.customers.del(id);
      } catch (error) {
        // A retry after a lost answer finds it gone: the delete went through.
        if (!(error instanceof Stripe.errors.StripeError && error.statusCode === 404)) throw error;
      }
    });
  }

  async createProduct(key: string, p: ProductFields): Promise<string> {
    const created = await this.call(() =>
      this.stripe.products.create(
        {
          name: p.name,
          description: p.description,
          active: p.active,
          metadata: { sku: p.sku },
          default_price_data: { currency: 'usd', unit_amount: p.amount },
        },
        { idempotencyKey: `chaos-create-${key}` },
      ),
    );
    return created.id;
  }

  async updateProduct(id: string, p: ProductFields, write: string): Promise<void> {
    await this.call(() =>
      this.stripe.products.update(
        id,
        { name: p.name, description: p.description, active: p.active },
        { idempotencyKey: `chaos-${write}` },
      ),
    );
  }

  private call<T>(request: () => Promise<T>): Promise<T> {
    return retryTransient(async () => {
      try {
        return await request();
      } catch (error) {
        if (error instanceof Stripe.errors.StripeError) {
          const status = error.statusCode ?? 0;
          if (status === 429 || status >= 500 || error.type === 'StripeConnectionError') {
            throw new TransientFailure(`stripe ${status || error.type}: ${error.message}`);
          }
        }
        throw error;
      }
    }, this.counter);
  }
}

import type { BenchTenant, BenchWorld } from '../../world/bench-world';
import { WebhookSink } from '../../world/webhook-sink';
import type { Arrived, SystemEnds } from './system-ends';

/**
 * Stripe: outbound arrives as the customer's `customer.created` webhook from the tenant's account
 * (a sink registered as a webhook endpoint); inbound is an SDK `customers.create`.
 */
export class StripeEnds implements SystemEnds {
  readonly system = 'stripe';
  readonly outboundWhat = 'POST /v1/customers → customer.created webhook from Stripe';
  readonly inboundWhat = 'SDK customers.create → catalog event (origin stripe) on Kafka';
  private tenants: BenchTenant[] = [];
  private sink?: WebhookSink;

  customerName(_tag: string, index: number): string {
    return `Bench ${index}`;
  }

  async start(world: BenchWorld, tenants: BenchTenant[], arrived: Arrived): Promise<void> {
    this.tenants = tenants;
    await Promise.all(tenants.map((tenant) => world.connectStripe(tenant)));
    const sink = new WebhookSink((c) => arrived(c.email, c.arrivedAt));
    this.sink = sink;
    await sink.start();
    for (const tenant of tenants)
      await tenant.stripe.webhookEndpoints.create({
        url: sink.urlFor(tenant.tenantId),
        enabled_events: ['customer.created'],
      });
  }

  async createExternal(index: number, tag: string): Promise<void> {
    const tenant = this.tenants[index % this.tenants.length] as BenchTenant;
    await tenant.stripe.customers.create({ name: this.customerName(tag, index), email: tag });
  }

  async stop(): Promise<void> {
    await this.sink?.stop();
  }
}

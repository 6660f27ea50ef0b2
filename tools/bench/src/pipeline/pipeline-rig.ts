import { benchBrokers } from '../services/bench-broker';
import type { AppTree } from '../world/app-tree';
import { type BenchTenant, BenchWorld } from '../world/bench-world';
import { CatalogArrivals } from '../world/catalog-arrivals';
import { CatalogClient } from '../world/catalog-client';
import { waitUntilCaughtUp } from '../world/consumer-lag';
import { WebhookSink } from '../world/webhook-sink';
import { FlowProbe } from './flow-probe';

/**
 * The running system plus the bench's two probes: outbound (a catalog API write, observed as the
 * customer's `customer.created` webhook from the tenant's Stripe account) and inbound (an SDK
 * create in Stripe, observed as the catalog event with origin stripe on Kafka).
 */
export class PipelineRig {
  readonly world: BenchWorld;
  readonly outbound: FlowProbe;
  readonly inbound: FlowProbe;
  private tenants: BenchTenant[] = [];
  private readonly sink: WebhookSink;
  private arrivals?: CatalogArrivals;

  constructor(connectors: number, tree?: AppTree) {
    this.world = new BenchWorld({ connectors, ...(tree ? { tree } : {}) });
    this.outbound = new FlowProbe('out', async (email, index) => {
      const tenant = this.tenantFor(index);
      CatalogClient.expectOk(
        await tenant.catalog.post('/v1/customers', { name: `Bench ${index}`, email }),
        'customer not created',
      );
    });
    this.inbound = new FlowProbe('in', async (email, index) => {
      await this.tenantFor(index).stripe.customers.create({ name: `Bench ${index}`, email });
    });
    this.sink = new WebhookSink((c) => this.outbound.arrived(c.email, c.arrivedAt));
  }

  /** Size of a real catalog customer event (bytes), once one was seen. */
  get eventBytes(): number {
    return this.arrivals?.eventBytes ?? 0;
  }

  async start(tenantCount: number): Promise<void> {
    await this.world.start();
    for (let i = 0; i < tenantCount; i += 1) this.tenants.push(await this.world.newTenant());
    await Promise.all(this.tenants.map((tenant) => this.world.connectStripe(tenant)));
    await this.sink.start();
    for (const tenant of this.tenants)
      await tenant.stripe.webhookEndpoints.create({
        url: this.sink.urlFor(tenant.tenantId),
        enabled_events: ['customer.created'],
      });
    this.arrivals = new CatalogArrivals(
      benchBrokers(),
      `${this.world.prefix}catalog.customer.v1`,
      (c) => this.inbound.arrived(c.email, c.arrivedAt),
    );
    await this.arrivals.start();
  }

  /** Every consumer of the deployment caught up, so no phase pays for the one before. */
  async settle(): Promise<number> {
    return waitUntilCaughtUp(benchBrokers(), this.world.prefix);
  }

  async stop(): Promise<void> {
    await this.sink.stop();
    await this.arrivals?.stop().catch(() => undefined);
    await this.world.stop();
  }

  private tenantFor(index: number): BenchTenant {
    return this.tenants[index % this.tenants.length] as BenchTenant;
  }
}

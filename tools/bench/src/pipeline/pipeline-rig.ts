import type { BenchSystem } from '../cli/bench-options';
import { benchBrokers } from '../services/bench-broker';
import type { AppTree } from '../world/app-tree';
import { type BenchTenant, BenchWorld } from '../world/bench-world';
import { CatalogArrivals } from '../world/catalog-arrivals';
import { CatalogClient } from '../world/catalog-client';
import { waitUntilCaughtUp } from '../world/consumer-lag';
import { SalesforceEnds } from './ends/salesforce-ends';
import { StripeEnds } from './ends/stripe-ends';
import type { SystemEnds } from './ends/system-ends';
import { XeroEnds } from './ends/xero-ends';
import { FlowProbe } from './flow-probe';

function endsFor(system: BenchSystem): SystemEnds {
  if (system === 'salesforce') return new SalesforceEnds();
  if (system === 'xero') return new XeroEnds();
  return new StripeEnds();
}

/**
 * The running system (catalog-service, the relay and the connector of one external system) plus
 * the bench's two probes: outbound (a catalog API write, observed when the customer exists in the
 * system) and inbound (a customer created in the system, observed as the catalog event with that
 * system's origin on Kafka). See ends/ for each system's ends.
 */
export class PipelineRig {
  readonly world: BenchWorld;
  readonly outbound: FlowProbe;
  readonly inbound: FlowProbe;
  readonly ends: SystemEnds;
  private tenants: BenchTenant[] = [];
  private arrivals?: CatalogArrivals;

  constructor(connectors: number, tree?: AppTree, system: BenchSystem = 'stripe') {
    this.world = new BenchWorld({ connectors, systems: [system], ...(tree ? { tree } : {}) });
    const ends = endsFor(system);
    this.ends = ends;
    this.outbound = new FlowProbe('out', async (email, index) => {
      const tenant = this.tenantFor(index);
      CatalogClient.expectOk(
        await tenant.catalog.post('/v1/customers', {
          name: ends.customerName(email, index),
          email,
        }),
        'customer not created',
      );
    });
    this.inbound = new FlowProbe('in', (email, index) => ends.createExternal(index, email));
  }

  get system(): BenchSystem {
    return this.ends.system;
  }

  /** Size of a real catalog customer event (bytes), once one was seen. */
  get eventBytes(): number {
    return this.arrivals?.eventBytes ?? 0;
  }

  async start(tenantCount: number): Promise<void> {
    await this.world.start();
    for (let i = 0; i < tenantCount; i += 1) this.tenants.push(await this.world.newTenant());
    await this.ends.start(this.world, this.tenants, (tag, at) => this.outbound.arrived(tag, at));
    this.arrivals = new CatalogArrivals(
      benchBrokers(),
      `${this.world.prefix}catalog.customer.v1`,
      (c) => this.inbound.arrived(c.email, c.arrivedAt),
      this.system,
    );
    await this.arrivals.start();
  }

  /** Every consumer of the deployment caught up, so no phase pays for the one before. */
  async settle(): Promise<number> {
    return waitUntilCaughtUp(benchBrokers(), this.world.prefix);
  }

  async stop(): Promise<void> {
    await this.ends.stop();
    await this.arrivals?.stop().catch(() => undefined);
    await this.world.stop();
  }

  private tenantFor(index: number): BenchTenant {
    return this.tenants[index % this.tenants.length] as BenchTenant;
  }
}

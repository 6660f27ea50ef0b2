import type Stripe from 'stripe';

import type { CatalogClient } from '../clients/catalog-client';
import type { EntityKind } from '../workload/oracle';
import { deletedCustomersFromEvents } from './deleted-objects';
import {
  catalogFields,
  type CatalogRecord,
  stripeCustomerFields,
  stripeInvoiceFields,
  stripeProductFields,
} from './field-views';
import type { ObservedRecord, Snapshot } from './observed';

interface SyncView {
  systems: Array<{ system: string; externalId: string | null }>;
}

const PATHS: Record<EntityKind, string> = {
  customer: '/v1/customers',
  product: '/v1/products',
  invoice: '/v1/invoices',
};

/**
 * Reads every customer, product and invoice of the tenant from the catalog and from Stripe, deleted ones
 * included (catalog: `includeDeleted=true`; Stripe: deleted customers from their
 * `customer.deleted` events, archived products from the product list), so a duplicate counts
 * even when it was later deleted.
 */
export class SnapshotReader {
  /** catalog id -> Stripe id; a link, once made, does not change. */
  private readonly links = new Map<string, string>();

  constructor(
    private readonly catalog: CatalogClient,
    private readonly stripe: Stripe,
    /** Catalog ids the workload created itself (their Stripe twin carries `concord_id`). */
    private readonly catalogOwned: () => ReadonlySet<string>,
  ) {}

  async read(): Promise<Snapshot> {
    const [customers, products, invoices, stripe] = await Promise.all([
      this.readCatalog('customer'),
      this.readCatalog('product'),
      this.readCatalog('invoice'),
      this.readStripe(),
    ]);
    return { catalog: [...customers, ...products, ...invoices], stripe };
  }

  private async readCatalog(kind: EntityKind): Promise<ObservedRecord[]> {
    const records = await this.catalog.listAll<CatalogRecord>(`${PATHS[kind]}?includeDeleted=true`);
    const observed: ObservedRecord[] = [];
    for (const record of records) {
      observed.push({
        kind,
        id: record.id,
        linkedId: await this.linkOf(kind, record.id),
        deleted: record.deletedAt !== null,
        fields: catalogFields(kind, record),
      });
    }
    return observed;
  }

  private async linkOf(kind: EntityKind, id: string): Promise<string | null> {
    if (this.catalogOwned().has(id)) return null;
    const known = this.links.get(id);
    if (known) return known;
    const sync = await this.catalog.request<SyncView>('GET', `${PATHS[kind]}/${id}/sync`);
    const externalId =
      sync.status === 200
        ? (sync.body.systems.find((s) => s.system === 'stripe')?.externalId ?? null)
        : null;
    if (externalId) this.links.set(id, externalId);
    return externalId;
  }

  private async readStripe(): Promise<ObservedRecord[]> {
    const observed: ObservedRecord[] = [];
    for await (const c of this.stripe.customers.list({ limit: 100 })) {
      observed.push({
        kind: 'customer',
        id: c.id,
        linkedId: c.metadata?.['concord_id'] ?? null,
        deleted: false,
        fields: stripeCustomerFields(c),
      });
    }
    const deletions: Stripe.Event[] = [];
    for await (const event of this.stripe.events.list({ limit: 100, type: 'customer.deleted' })) {
      deletions.push(event);
    }
    observed.push(...deletedCustomersFromEvents(deletions, new Set(observed.map((o) => o.id))));
    const activePrices = new Map<string, number>();
    for await (const price of this.stripe.prices.list({ limit: 100, active: true })) {
      const product = typeof price.product === 'string' ? price.product : price.product.id;
      activePrices.set(product, (activePrices.get(product) ?? 0) + 1);
    }
    for await (const p of this.stripe.products.list({
      limit: 100,
      expand: ['data.default_price'],
    })) {
      observed.push({
        kind: 'product',
        id: p.id,
        linkedId: p.metadata?.['concord_id'] ?? null,
        deleted: false,
        activePrices: activePrices.get(p.id) ?? 0,
        fields: stripeProductFields(p),
      });
    }
    for await (const i of this.stripe.invoices.list({ limit: 100 })) {
      observed.push({
        kind: 'invoice',
        id: i.id as string,
        linkedId: i.metadata?.['concord_id'] ?? null,
        // The workload never deletes invoices; a voided one would be a deleted record.
        deleted: i.status === 'void',
        fields: stripeInvoiceFields(i),
      });
    }
    return observed;
  }
}

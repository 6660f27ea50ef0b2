import type Stripe from 'stripe';

import type { CatalogClient } from '../clients/catalog-client';
import {
  catalogFields,
  type CatalogRecord,
  holdsAll,
  stripeCustomerFields,
  stripeProductFields,
} from '../verify/field-views';
import type { OracleRecord, Side } from './oracle';

/** Invoices are written in the catalog only, so they are never handed over. */
const PATHS = {
  customer: '/v1/customers',
  product: '/v1/products',
  invoice: '/v1/invoices',
} as const;

/**
 * Lets the other side write a record next, as a user who edits in Stripe what was last edited in
 * the catalog (or the reverse) would: only once the other side shows the record's last write,
 * so the expected final value stays the last write. Finds the record's id on that side.
 */
export class Handover {
  constructor(
    private readonly catalog: CatalogClient,
    private readonly stripe: Stripe,
  ) {}

  /** True (and the record now owned by `side`) when `side` holds the record's last write. */
  async tryTakeOver(record: OracleRecord, side: Side): Promise<boolean> {
    const settled =
      side === 'stripe' ? await this.settledInStripe(record) : await this.settledInCatalog(record);
    if (settled) record.owner = side;
    return settled;
  }

  /** True when both sides hold the record's last write (and both ids are known). */
  async settledOnBoth(record: OracleRecord): Promise<boolean> {
    return (await this.settledInStripe(record)) && (await this.settledInCatalog(record));
  }

  private async settledInStripe(record: OracleRecord): Promise<boolean> {
    if (!record.stripeId) {
      const sync = await this.catalog.request<{
        systems: Array<{ system: string; externalId: string | null }>;
      }>('GET', `${PATHS[record.kind]}/${record.catalogId}/sync`);
      if (sync.status !== 200) return false;
      record.stripeId = sync.body.systems.find((s) => s.system === 'stripe')?.externalId ?? null;
      if (!record.stripeId) return false;
    }
    const values =
      record.kind === 'customer'
        ? await this.stripe.customers
            .retrieve(record.stripeId)
            .then((c) =>
              'deleted' in c && c.deleted ? null : stripeCustomerFields(c as Stripe.Customer),
            )
        : stripeProductFields(
            await this.stripe.products.retrieve(record.stripeId, { expand: ['default_price'] }),
          );
    return values !== null && holdsAll(values, record.expected);
  }

  private async settledInCatalog(record: OracleRecord): Promise<boolean> {
    if (!record.catalogId) {
      const found = await this.catalog.request<{ data: Array<{ id: string }> }>(
        'GET',
        `${PATHS[record.kind]}?system=stripe&externalId=${encodeURIComponent(record.stripeId ?? '')}`,
      );
      if (found.status !== 200 || found.body.data.length !== 1) return false;
      record.catalogId = found.body.data[0].id;
    }
    const current = await this.catalog.request<CatalogRecord>(
      'GET',
      `${PATHS[record.kind]}/${record.catalogId}`,
    );
    return (
      current.status === 200 && holdsAll(catalogFields(record.kind, current.body), record.expected)
    );
  }
}

import type { CatalogWriter } from './catalog-writer';
import type { Handover } from './handover';
import type { OracleRecord } from './oracle';
import type { StripeWriter } from './stripe-writer';

/**
 * Both sides rename one settled customer at the same moment (the two requests are sent together,
 * milliseconds apart): a true conflict. Either name may win, by the connection's conflict policy,
 * but both sides must end with the same one and the catalog must record the conflict. The record
 * is not written again afterwards, so its final name stays one of the two.
 */
export class Contest {
  constructor(
    private readonly catalog: CatalogWriter,
    private readonly stripe: StripeWriter,
    private readonly handover: Handover,
  ) {}

  /** False (and nothing written) when a side does not show the record's last write yet. */
  async run(record: OracleRecord, run: string): Promise<boolean> {
    if (!(await this.handover.settledOnBoth(record).catch(() => false))) return false;
    const values = [`${record.key} ${run} catalog-side`, `${record.key} ${run} stripe-side`];
    record.contested = { field: 'name', values };
    await Promise.all([
      this.catalog.update('customer', record.catalogId as string, { name: values[0] }),
      this.stripe.renameCustomer(record.stripeId as string, values[1], `${record.key}-contest`),
    ]);
    return true;
  }
}

import type { CatalogWriter } from './catalog-writer';
import type { Handover } from './handover';
import type { CustomerFields, OracleRecord } from './oracle';
import type { StripeWriter } from './stripe-writer';

/**
 * Both sides rename one settled customer at the same moment (the two requests are sent together,
 * milliseconds apart): a true conflict. Either name may win, by the connection's conflict policy,
 * but both sides must end with the same one and the catalog must record the conflict. The record
 * is not written again afterwards, so its final name stays one of the two. The catalog write is
 * conditional on the version read before: when Stripe's rename reached the catalog first, the
 * catalog refuses it (412) and Stripe's name is expected, with nothing to record.
 */
export class Contest {
  constructor(
    private readonly catalog: CatalogWriter,
    private readonly stripe: StripeWriter,
    private readonly handover: Handover,
  ) {}

  /**
   * `held` when both writes went in, `refused` when the catalog refused its own (Stripe's was in
   * first); null (and nothing written) when a side does not show the record's last write yet.
   */
  async run(record: OracleRecord, run: string): Promise<'held' | 'refused' | null> {
    if (!(await this.handover.settledOnBoth(record).catch(() => false))) return null;
    const values = [`${record.key} ${run} catalog-side`, `${record.key} ${run} stripe-side`];
    const catalogId = record.catalogId as string;
    // The catalog side writes on what it read before the contest, as a user editing a form would.
    const etag = await this.catalog.etag('customer', catalogId);
    record.contested = { field: 'name', values };
    const [written] = await Promise.all([
      this.catalog.updateIfUnchanged('customer', catalogId, { name: values[0] }, etag),
      this.stripe.renameCustomer(record.stripeId as string, values[1], `${record.key}-contest`),
    ]);
    if (!written) {
      // Stripe's rename was in the catalog before the catalog's own write, which the catalog then
      // refused (412) as written on an old read: its client was told, nothing to sync or record.
      record.contested = undefined;
      (record.expected as CustomerFields).name = values[1];
      return 'refused';
    }
    return 'held';
  }
}

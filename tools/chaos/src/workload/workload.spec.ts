import { SeededRandom } from '../seeded-random';
import type { CatalogWriter } from './catalog-writer';
import type { Handover } from './handover';
import type { InvoiceFields } from './oracle';
import type { StripeWriter } from './stripe-writer';
import { INVOICE_SHARE, Workload } from './workload';
import { WorkloadStats } from './workload-stats';

/** Writers that acknowledge every write at once, handing out ids in order. */
function fakeWriters() {
  let next = 0;
  const id = async (): Promise<string> => `id-${(next += 1)}`;
  const done = async (): Promise<void> => undefined;
  const catalog = { create: id, update: done, delete: done } as unknown as CatalogWriter;
  const stripe = {
    createCustomer: id,
    updateCustomer: done,
    deleteCustomer: done,
    createProduct: id,
    updateProduct: done,
  } as unknown as StripeWriter;
  const handover = { tryTakeOver: async () => true } as unknown as Handover;
  return { catalog, stripe, handover };
}

/** Runs `steps` operations with every record's write gap already passed. */
async function runSteps(invoiceShare: number, steps: number): Promise<Workload> {
  const { catalog, stripe, handover } = fakeWriters();
  const workload = new Workload(
    new SeededRandom(42),
    's42',
    catalog,
    stripe,
    handover,
    new WorkloadStats(),
    invoiceShare,
  );
  for (let i = 0; i < steps; i += 1) {
    await workload.step();
    for (const record of workload.oracle.all()) record.lastWriteAt = 0;
  }
  return workload;
}

describe('Workload', () => {
  it('writes no invoice when invoices are off', async () => {
    const workload = await runSteps(0, 300);
    expect(workload.oracle.all().some((r) => r.kind === 'invoice')).toBe(false);
    expect(workload.stats.failures).toEqual([]);
  });

  it('bills live customers and products, never deletes them, and leaves open invoices alone', async () => {
    const workload = await runSteps(INVOICE_SHARE, 600);
    const records = workload.oracle.all();
    const invoices = records.filter((r) => r.kind === 'invoice');
    expect(invoices.length).toBeGreaterThan(5);
    expect(workload.stats.failures).toEqual([]);
    const byCatalogId = new Map(records.map((r) => [r.catalogId, r]));
    for (const invoice of invoices) {
      expect(invoice.owner).toBe('catalog');
      for (const ref of [invoice.refs?.customerId, invoice.refs?.productId]) {
        const billed = byCatalogId.get(ref ?? null);
        expect(billed).toMatchObject({ invoiced: true, deleted: false });
      }
      const fields = invoice.expected as InvoiceFields;
      expect(fields.total).toBe(fields.quantity * (invoice.refs?.unitAmount ?? NaN));
    }
    expect(invoices.some((r) => (r.expected as InvoiceFields).status === 'open')).toBe(true);
    expect(workload.stats.operations.get('catalog invoice update')).toBeGreaterThan(0);
  });
});

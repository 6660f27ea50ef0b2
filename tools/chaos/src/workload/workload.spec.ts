import { SeededRandom } from '../seeded-random';
import type { CatalogWriter } from './catalog-writer';
import type { Handover } from './handover';
import type { InvoiceFields } from './oracle';
import type { StripeWriter } from './stripe-writer';
import { CONTEST_SHARE, INVOICE_SHARE, Workload } from './workload';
import { WorkloadStats } from './workload-stats';

/** Writers that acknowledge every write at once, handing out ids in order. */
function fakeWriters(options: { catalogRefusesContests?: boolean } = {}) {
  let next = 0;
  const id = async (): Promise<string> => `id-${(next += 1)}`;
  const done = async (): Promise<void> => undefined;
  const catalog = {
    create: id,
    update: done,
    delete: done,
    etag: async () => '"1"',
    // Refused: Stripe's rename reached the catalog before the contest's own write (412).
    updateIfUnchanged: async () => !options.catalogRefusesContests,
  } as unknown as CatalogWriter;
  const stripe = {
    createCustomer: id,
    updateCustomer: done,
    deleteCustomer: done,
    createProduct: id,
    updateProduct: done,
    renameCustomer: done,
  } as unknown as StripeWriter;
  const handover = {
    tryTakeOver: async () => true,
    settledOnBoth: async () => true,
  } as unknown as Handover;
  return { catalog, stripe, handover };
}

/** Runs `steps` operations with every record's write gap already passed. */
async function runSteps(
  invoiceShare: number,
  steps: number,
  contestShare = 0,
  catalogRefusesContests = false,
): Promise<Workload> {
  const { catalog, stripe, handover } = fakeWriters({ catalogRefusesContests });
  const workload = new Workload(
    new SeededRandom(42),
    's42',
    catalog,
    stripe,
    handover,
    new WorkloadStats(),
    invoiceShare,
    contestShare,
  );
  for (let i = 0; i < steps; i += 1) {
    await workload.step();
    for (const record of workload.oracle.all()) record.lastWriteAt = 0;
  }
  return workload;
}

describe('Workload', () => {
  it('makes no contest when contests are off', async () => {
    const workload = await runSteps(0, 300);
    expect(workload.oracle.all().some((r) => r.contested)).toBe(false);
  });

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

  it('makes contests on customers, and never writes or deletes a contested record again', async () => {
    const workload = await runSteps(0, 150, CONTEST_SHARE);
    const writesAtContest = new Map(
      workload.oracle
        .all()
        .filter((r) => r.contested)
        .map((r) => [r.key, r.writes]),
    );
    for (let i = 0; i < 150; i += 1) {
      await workload.step();
      for (const record of workload.oracle.all()) record.lastWriteAt = 0;
    }
    const contested = workload.oracle.all().filter((r) => r.contested);
    expect(writesAtContest.size).toBeGreaterThan(0);
    expect(workload.stats.operations.get('both customer contest')).toBe(contested.length);
    for (const record of contested) {
      expect(record.kind).toBe('customer');
      expect(record.deleted).toBe(false);
      expect(record.contested?.values).toHaveLength(2);
      if (writesAtContest.has(record.key)) {
        expect(record.writes).toBe(writesAtContest.get(record.key));
      }
    }
    expect(workload.stats.failures).toEqual([]);
  });

  it('expects the Stripe-side name, with nothing to record, when the catalog refused its write', async () => {
    const workload = await runSteps(0, 150, CONTEST_SHARE, true);
    const refused = workload.stats.operations.get('both customer contest refused (412)') ?? 0;
    expect(refused).toBeGreaterThan(0);
    expect(workload.oracle.all().some((r) => r.contested)).toBe(false);
    const stripeSide = workload.oracle
      .all()
      .filter((r) => String((r.expected as { name?: string }).name).endsWith('stripe-side'));
    expect(stripeSide.length).toBeGreaterThan(0);
    expect(workload.stats.failures).toEqual([]);
  });
});

import type { SeededRandom } from '../seeded-random';
import { catalogBody, type CatalogWriter } from './catalog-writer';
import { Contest } from './contest';
import type { EditingSystem, ExternalEditor } from './external-editor';
import type { Handover } from './handover';
import { changedInvoice, invoiceBody, newInvoice, unitAmountFor } from './invoice-values';
import {
  type CustomerFields,
  type EntityKind,
  type InvoiceFields,
  type InvoiceRefs,
  Oracle,
  type OracleRecord,
  type ProductFields,
  type Side,
} from './oracle';
import { changedCustomer, changedProduct, newCustomer, newProduct } from './record-values';
import type { StripeWriter } from './stripe-writer';
import type { Operation, WorkloadStats } from './workload-stats';

/** Successive writes to one record are at least this far apart. */
const WRITE_GAP_MS = 2500;
/** Share of updates and deletes made by the side that did not write the record last. */
const HANDOVER_SHARE = 0.2;
/** Share of operations on invoices (catalog side only), with `--invoices`. */
export const INVOICE_SHARE = 0.12;
/** An invoice bills a customer and a product whose last write is at least this old. */
const SETTLED_MS = 4000;
/** Share of operations that are contests: both sides rename one customer at the same moment. */
export const CONTEST_SHARE = 0.03;
/** Share of operations that are edits made in Salesforce or Xero (half each), with an editor. */
export const EXTERNAL_EDIT_SHARE = 0.06;

interface Step {
  side: Side | EditingSystem;
  kind: EntityKind;
  operation: Operation;
  record?: OracleRecord;
  /** A new invoice: what it bills. */
  refs?: InvoiceRefs;
}

/**
 * The seeded mix of creates, updates and deletes on both sides, recorded in the oracle. A record
 * is written by one side at a time; the other side takes over once it shows the last write.
 */
export class Workload {
  readonly oracle = new Oracle();
  private readonly contest: Contest;

  constructor(
    private readonly random: SeededRandom,
    private readonly run: string,
    private readonly catalog: CatalogWriter,
    private readonly stripe: StripeWriter,
    private readonly handover: Handover,
    readonly stats: WorkloadStats,
    /** 0 leaves invoices out (and draws nothing for them, so a seed replays as before). */
    private readonly invoiceShare = 0,
    /** 0 leaves contests out (and draws nothing for them). */
    private readonly contestShare = 0,
    /** Edits in Salesforce and Xero; none without (and nothing drawn for them). */
    private readonly editor: ExternalEditor | null = null,
  ) {
    this.contest = new Contest(catalog, stripe, handover);
  }

  /** Picks and runs the next operation; a write that fails for good is recorded, not thrown. */
  async step(): Promise<void> {
    const step = this.plan(Date.now());
    if (step.record) step.record.busy = true;
    try {
      if (await this.execute(step)) {
        const side = step.operation.startsWith('contest') ? 'both' : step.side;
        this.stats.count(side, step.kind, step.operation);
      } else this.stats.handoversDeferred += 1;
    } catch (error) {
      const target = step.record?.key ?? 'new record';
      this.stats.failures.push(
        `${step.side} ${step.kind} ${step.operation} ${target}: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      if (step.record) {
        step.record.busy = false;
        step.record.lastWriteAt = Date.now();
      }
    }
  }

  private plan(now: number): Step {
    if (this.invoiceShare > 0 && this.random.chance(this.invoiceShare)) {
      const invoice = this.planInvoice(now);
      if (invoice) return invoice;
    }
    if (this.contestShare > 0 && this.random.chance(this.contestShare)) {
      const contested = this.oracle
        .writable('customer', now, SETTLED_MS)
        .filter((r) => !r.invoiced);
      if (contested.length > 0) {
        const record = this.random.pick(contested);
        return { side: 'catalog', kind: 'customer', operation: 'contest', record };
      }
    }
    if (this.editor && this.editor.systems.length > 0 && this.random.chance(EXTERNAL_EDIT_SHARE)) {
      const system: EditingSystem = this.random.pick(this.editor.systems);
      const kind: EntityKind = this.random.chance(0.55) ? 'customer' : 'product';
      const editable = this.oracle
        .writable(kind, now, SETTLED_MS)
        .filter((r) => r.owner !== system);
      if (editable.length > 0) {
        return { side: system, kind, operation: 'edit', record: this.random.pick(editable) };
      }
    }
    const side: Side = this.random.chance(0.5) ? 'catalog' : 'stripe';
    const kind: EntityKind = this.random.chance(0.55) ? 'customer' : 'product';
    const roll = this.random.next();
    const writable = this.oracle.writable(kind, now, WRITE_GAP_MS);
    // Mostly the record's current writer; sometimes the other side takes it over.
    const handover = this.random.chance(HANDOVER_SHARE);
    const candidates = writable.filter((r) => (r.owner === side) !== handover);
    // Stripe keeps products that have prices: a Stripe-side product is archived, never deleted.
    const canDelete = !(side === 'stripe' && kind === 'product');
    if (roll < 0.3 || candidates.length === 0) return { side, kind, operation: 'create' };
    const record = this.random.pick(candidates);
    if (roll > 0.85 && canDelete && !record.invoiced)
      return { side, kind, operation: 'delete', record };
    return { side, kind, operation: 'update', record };
  }

  /**
   * Invoices are written in the catalog only: a draft is updated or finalized, or a new one bills
   * a live, settled customer and product (which are then never deleted). Null when there is none.
   */
  private planInvoice(now: number): Step | null {
    const drafts = this.oracle.writable('invoice', now, WRITE_GAP_MS);
    if (drafts.length > 0 && this.random.chance(0.6)) {
      return {
        side: 'catalog',
        kind: 'invoice',
        operation: 'update',
        record: this.random.pick(drafts),
      };
    }
    const billable = (kind: EntityKind): OracleRecord[] =>
      this.oracle
        .all()
        .filter(
          (r) =>
            r.kind === kind &&
            r.writes > 0 &&
            !r.deleted &&
            !r.busy &&
            r.catalogId !== null &&
            now - r.lastWriteAt >= SETTLED_MS,
        );
    const customers = billable('customer');
    const products = billable('product');
    if (customers.length === 0 || products.length === 0) return null;
    const customer = this.random.pick(customers);
    const product = this.random.pick(products);
    customer.invoiced = true;
    product.invoiced = true;
    const refs: InvoiceRefs = {
      customerId: customer.catalogId as string,
      productId: product.catalogId as string,
      unitAmount: unitAmountFor(this.random),
    };
    return { side: 'catalog', kind: 'invoice', operation: 'create', refs };
  }

  /** False when the other side does not show the record's last write yet (nothing is written). */
  private async execute(step: Step): Promise<boolean> {
    if (step.operation === 'create') {
      if (step.refs) await this.createInvoice(step.refs);
      else await this.create(step.side as Side, step.kind);
      return true;
    }
    const record = step.record as OracleRecord;
    if (step.operation === 'contest') {
      const outcome = await this.contest.run(record, this.run);
      if (outcome === null) return false;
      // A contest the catalog refused (Stripe's rename was in first) is counted apart.
      if (outcome === 'refused') step.operation = 'contest refused (412)';
      record.writes += 1;
      return true;
    }
    if (step.operation === 'edit') {
      const system = step.side as EditingSystem;
      if (!(await (this.editor as ExternalEditor).tryEdit(record, system, record.writes)))
        return false;
      record.writes += 1;
      return true;
    }
    if (record.owner !== step.side) {
      const taken = await this.handover.tryTakeOver(record, step.side as Side).catch(() => false);
      if (!taken) return false;
      this.stats.handovers += 1;
    }
    if (step.operation === 'delete') await this.delete(record);
    else await this.update(record);
    record.writes += 1;
    return true;
  }

  private async delete(record: OracleRecord): Promise<void> {
    if (record.owner === 'catalog') await this.catalog.delete(record.kind, idOn(record, 'catalog'));
    else await this.stripe.deleteCustomer(idOn(record, 'stripe'));
    record.deleted = true;
  }

  private async update(record: OracleRecord): Promise<void> {
    const n = record.writes;
    if (record.kind === 'invoice') {
      const refs = record.refs as InvoiceRefs;
      const current = record.expected as InvoiceFields;
      const next = changedInvoice(this.random, current, refs.unitAmount);
      await this.catalog.update(
        'invoice',
        idOn(record, 'catalog'),
        invoiceBody(next, refs, current),
      );
      record.expected = next;
      return;
    }
    const write = `${record.key}-w${n}`;
    if (record.kind === 'customer') {
      const next = changedCustomer(
        this.random,
        record.key,
        this.run,
        record.expected as CustomerFields,
        n,
      );
      if (record.owner === 'catalog')
        await this.catalog.update(
          'customer',
          idOn(record, 'catalog'),
          catalogBody('customer', next),
        );
      else await this.stripe.updateCustomer(idOn(record, 'stripe'), next, write);
      record.expected = next;
      return;
    }
    const current = record.expected as ProductFields;
    const next = changedProduct(this.random, record.key, current, n, record.owner === 'catalog');
    if (record.owner === 'catalog')
      await this.catalog.update('product', idOn(record, 'catalog'), catalogBody('product', next));
    else await this.stripe.updateProduct(idOn(record, 'stripe'), next, write);
    record.expected = next;
  }

  private newRecord(key: string, kind: EntityKind, side: Side, expected: OracleRecord['expected']) {
    const record: OracleRecord = {
      key,
      kind,
      owner: side,
      catalogId: null,
      stripeId: null,
      expected,
      deleted: false,
      writes: 0,
      lastWriteAt: Date.now(),
      busy: true,
    };
    // In the oracle before the write: if it never completes, verification still looks for it.
    this.oracle.add(record);
    return record;
  }

  private async createInvoice(refs: InvoiceRefs): Promise<void> {
    const key = this.oracle.nextKey('invoice');
    const expected = newInvoice(this.random, key, this.run, refs.unitAmount);
    const record = this.newRecord(key, 'invoice', 'catalog', expected);
    record.refs = refs;
    try {
      record.catalogId = await this.catalog.create('invoice', key, invoiceBody(expected, refs));
      record.writes = 1;
    } finally {
      record.busy = false;
      record.lastWriteAt = Date.now();
    }
  }

  private async create(side: Side, kind: EntityKind): Promise<void> {
    const key = this.oracle.nextKey(kind);
    const expected =
      kind === 'customer'
        ? newCustomer(this.random, key, this.run)
        : newProduct(this.random, key, this.run);
    const record = this.newRecord(key, kind, side, expected);
    try {
      if (side === 'catalog')
        record.catalogId = await this.catalog.create(
          kind,
          key,
          catalogBody(kind as 'customer' | 'product', expected),
        );
      else if (kind === 'customer')
        record.stripeId = await this.stripe.createCustomer(key, expected as CustomerFields);
      else record.stripeId = await this.stripe.createProduct(key, expected as ProductFields);
      record.writes = 1;
    } finally {
      record.busy = false;
      record.lastWriteAt = Date.now();
    }
  }
}

/** The record's id on a side; known for its creator, found by the handover for the other side. */
function idOn(record: OracleRecord, side: Side): string {
  const id = side === 'catalog' ? record.catalogId : record.stripeId;
  if (id === null) throw new Error(`${record.key} has no ${side} id`);
  return id;
}

/** The sides the workload creates, updates and deletes on. */
export type Side = 'catalog' | 'stripe';
/** Who wrote a record last: a side, or a person editing it in Salesforce or Xero. */
export type Owner = Side | 'salesforce' | 'xero';
export type EntityKind = 'customer' | 'product' | 'invoice';

/** The synced fields of a customer as the workload writes them (metadata is `{ tier }`). */
export interface CustomerFields {
  name: string;
  email: string;
  phone: string;
  tier: string;
}

/** The synced fields of a product (prices in USD cents). */
export interface ProductFields {
  name: string;
  description: string;
  active: boolean;
  sku: string;
  amount: number;
}

/**
 * The synced fields of an invoice (written in the catalog only): one line, billed by amount for a
 * product; `total` is quantity x unit amount. A draft changes; once `open` it is left alone.
 */
export interface InvoiceFields {
  number: string;
  status: 'draft' | 'open';
  dueDate: string;
  quantity: number;
  total: number;
}

/** What an invoice refers to (catalog ids), fixed at its creation. */
export interface InvoiceRefs {
  customerId: string;
  productId: string;
  unitAmount: number;
}

export type FieldsOf<K extends EntityKind> = K extends 'customer'
  ? CustomerFields
  : K extends 'product'
    ? ProductFields
    : InvoiceFields;

/**
 * One record the workload made. One side at a time writes it (its owner); the other side takes
 * over only once it shows the owner's last write, so the expected final state is always the last
 * acknowledged write.
 */
export interface OracleRecord<K extends EntityKind = EntityKind> {
  /** The workload's own name for it (`cu12`, `pr7`). */
  key: string;
  kind: K;
  owner: Owner;
  /** Known from the start for records created in the catalog; found at a handover otherwise. */
  catalogId: string | null;
  /** Known from the start for records created in Stripe; found at a handover otherwise. */
  stripeId: string | null;
  expected: FieldsOf<K>;
  deleted: boolean;
  /** Acknowledged writes, in order (create first). */
  writes: number;
  lastWriteAt: number;
  /** A write is in flight: the next one waits, so writes to one record never overlap. */
  busy: boolean;
  /** Invoices: the customer and product they bill. */
  refs?: InvoiceRefs;
  /** Customers and products an invoice bills are never deleted. */
  invoiced?: boolean;
  /**
   * Both sides wrote this field at the same moment (a contest): either value may win, but both
   * sides must end with the same one and the catalog must record the conflict. Never written again.
   */
  contested?: { field: string; values: readonly string[] };
  /** Deleted in Stripe by the deliberate mass delete at the end of the run. */
  massDeleted?: boolean;
}

const PREFIX: Record<EntityKind, string> = { customer: 'cu', product: 'pr', invoice: 'in' };

/** Every record the workload made and the last value it wrote to each. */
export class Oracle {
  private readonly records: OracleRecord[] = [];
  private counter = 0;

  nextKey(kind: EntityKind): string {
    this.counter += 1;
    return `${PREFIX[kind]}${this.counter}`;
  }

  add(record: OracleRecord): void {
    this.records.push(record);
  }

  all(): readonly OracleRecord[] {
    return this.records;
  }

  /**
   * Live, idle records of a kind whose last write is at least `gapMs` old (no open invoices, no
   * contested records).
   */
  writable(kind: EntityKind, now: number, gapMs: number): OracleRecord[] {
    return this.records.filter(
      (r) =>
        r.kind === kind &&
        r.writes > 0 &&
        !r.deleted &&
        !r.busy &&
        r.contested === undefined &&
        now - r.lastWriteAt >= gapMs &&
        (r.kind !== 'invoice' || (r.expected as InvoiceFields).status === 'draft'),
    );
  }
}

/** The last value written to one field of a record (undefined: the record has no such field). */
export function expectedValue(record: OracleRecord, field: string): unknown {
  return (record.expected as unknown as Record<string, unknown>)[field];
}

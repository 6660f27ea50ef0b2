import type { SeededRandom } from '../seeded-random';
import type { InvoiceFields, InvoiceRefs } from './oracle';

/** Every invoice is issued on this day; due dates fall in the month after. */
const ISSUE_DATE = '2026-12-01';

function dueDate(random: SeededRandom): string {
  return `2027-01-${String(random.int(1, 28)).padStart(2, '0')}`;
}

/**
 * A unit amount that is never a whole-dollar product price, so the connector bills the line by
 * amount (an invoice item with the product in its metadata) rather than by the product's price,
 * which an archived product or a reprice could take away mid-run.
 */
export function unitAmountFor(random: SeededRandom): number {
  return random.int(1, 99) * 100 + random.int(1, 99);
}

/** A new draft invoice of one line (`INV-<run>-<key>`, unique within the tenant). */
export function newInvoice(
  random: SeededRandom,
  key: string,
  run: string,
  unitAmount: number,
): InvoiceFields {
  const quantity = random.int(1, 9);
  return {
    number: `INV-${run}-${key}`.toUpperCase(),
    status: 'draft',
    dueDate: dueDate(random),
    quantity,
    total: quantity * unitAmount,
  };
}

/** A draft's next write: a new due date or quantity, or (one time in four) its finalization. */
export function changedInvoice(
  random: SeededRandom,
  current: InvoiceFields,
  unitAmount: number,
): InvoiceFields {
  if (random.chance(0.25)) return { ...current, status: 'open' };
  if (random.chance(0.5)) {
    const next = dueDate(random);
    return { ...current, dueDate: next === current.dueDate ? '2027-02-01' : next };
  }
  const quantity = current.quantity === 9 ? 1 : current.quantity + 1;
  return { ...current, quantity, total: quantity * unitAmount };
}

/** The catalog REST body of an invoice: everything on create, only what changed on update. */
export function invoiceBody(
  fields: InvoiceFields,
  refs: InvoiceRefs,
  previous?: InvoiceFields,
): object {
  const lines = [
    {
      productId: refs.productId,
      description: `${fields.number} line`,
      quantity: fields.quantity,
      unitAmount: refs.unitAmount,
    },
  ];
  if (!previous) {
    return {
      customerId: refs.customerId,
      number: fields.number,
      currency: 'USD',
      issueDate: ISSUE_DATE,
      dueDate: fields.dueDate,
      lines,
    };
  }
  if (fields.status !== previous.status) return { status: fields.status };
  if (fields.quantity !== previous.quantity) return { lines };
  return { dueDate: fields.dueDate };
}

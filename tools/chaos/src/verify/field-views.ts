import type Stripe from 'stripe';

import type { EntityKind } from '../workload/oracle';

export type FieldValues = Record<string, string | number | boolean | null>;

/** A catalog record as the REST API returns it (the fields the workload writes). */
export interface CatalogRecord {
  id: string;
  deletedAt: string | null;
  name?: string;
  email?: string | null;
  phone?: string | null;
  metadata?: Record<string, string>;
  description?: string | null;
  active?: boolean;
  sku?: string | null;
  unitPrice?: { amount: number; currency: string } | null;
  number?: string;
  status?: string;
  dueDate?: string | null;
  total?: number;
  lines?: Array<{ quantity: number }>;
}

/** The workload's fields of a catalog record (customers: `metadata.tier` as `tier`). */
export function catalogFields(kind: EntityKind, record: CatalogRecord): FieldValues {
  if (kind === 'invoice') {
    return {
      number: record.number ?? null,
      status: record.status ?? null,
      dueDate: record.dueDate ?? null,
      quantity: record.lines?.[0]?.quantity ?? null,
      total: record.total ?? null,
    };
  }
  return kind === 'customer'
    ? {
        name: record.name ?? null,
        email: record.email ?? null,
        phone: record.phone ?? null,
        tier: record.metadata?.['tier'] ?? null,
      }
    : {
        name: record.name ?? null,
        description: record.description ?? null,
        active: record.active ?? null,
        sku: record.sku ?? null,
        amount: record.unitPrice?.amount ?? null,
      };
}

export function stripeCustomerFields(c: Stripe.Customer): FieldValues {
  return {
    name: c.name ?? null,
    email: c.email ?? null,
    phone: c.phone ?? null,
    tier: c.metadata?.['tier'] ?? null,
  };
}

/** A product with its default price expanded (the SKU lives in `metadata.sku`). */
export function stripeProductFields(p: Stripe.Product): FieldValues {
  const price = p.default_price as Stripe.Price | string | null;
  return {
    name: p.name,
    description: p.description ?? null,
    active: p.active,
    sku: p.metadata?.['sku'] ?? null,
    amount: price && typeof price !== 'string' ? price.unit_amount : null,
  };
}

/** An invoice as Stripe holds it; the catalog's number lives in `metadata.concord_number`. */
export function stripeInvoiceFields(i: Stripe.Invoice): FieldValues {
  return {
    number: i.metadata?.['concord_number'] ?? null,
    status: i.status ?? null,
    dueDate: i.due_date ? new Date(i.due_date * 1000).toISOString().slice(0, 10) : null,
    quantity: i.lines?.data[0]?.quantity ?? null,
    total: i.total,
  };
}

/** True when every expected field holds its expected value. */
export function holdsAll(values: FieldValues, expected: object): boolean {
  return Object.entries(expected).every(([field, value]) => values[field] === value);
}

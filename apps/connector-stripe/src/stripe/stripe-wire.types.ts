/**
 * The few API objects and parameters this connector reads or sends in the shape of API version
 * 2023-08-16, which every request is pinned to. The SDK's own types describe its newest API
 * version, where invoice lines and items are priced differently.
 */

export type InvoiceStatus2023 = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

export interface Price2023 {
  id: string;
  object: 'price';
  active: boolean;
  currency: string;
  product: string | { id: string };
  unit_amount: number | null;
}

export interface InvoiceLine2023 {
  id: string;
  object: 'line_item';
  amount: number;
  currency: string;
  description: string | null;
  invoice_item?: string;
  metadata: Record<string, string>;
  price: Price2023 | null;
  quantity: number | null;
}

export interface Invoice2023 {
  id: string;
  object: 'invoice';
  created: number;
  currency: string;
  customer: string | { id: string } | null;
  due_date: number | null;
  lines: { object: 'list'; data: InvoiceLine2023[]; has_more: boolean };
  metadata: Record<string, string> | null;
  number: string | null;
  status: InvoiceStatus2023 | null;
  subtotal: number;
  total: number;
}

/** `POST /v1/invoiceitems` as 2023-08-16 takes it: a price, or a unit amount times a quantity. */
export interface InvoiceItemCreateParams2023 {
  customer: string;
  invoice: string;
  currency: string;
  description: string;
  quantity: number;
  price?: string;
  unit_amount?: number;
  metadata: Record<string, string>;
}

/** `POST /v1/invoiceitems/:id` as 2023-08-16 takes it. */
export interface InvoiceItemUpdateParams2023 {
  description?: string;
  quantity?: number;
  price?: string;
  unit_amount?: number;
  metadata?: Record<string, string>;
}

/** An event as delivered (2023-08-16), with the request that caused it. */
export interface StripeEvent2023 {
  id: string;
  object: 'event';
  api_version: string | null;
  created: number;
  type: string;
  data: {
    object: { id: string; object: string } & Record<string, unknown>;
    /** On `*.updated`: the old values of what changed (hashes such as metadata key by key). */
    previous_attributes?: Record<string, unknown>;
  };
  request: { id: string | null; idempotency_key: string | null } | null;
}

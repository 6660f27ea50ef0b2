import { Address, InvoiceStatus, Metadata, Shipping } from '../stripe-objects';

/** An invoice as the simulator stores it; lines and totals are derived when rendered. */
export type InvoiceState = {
  id: string;
  created: number;
  customer: string;
  currency: string;
  status: InvoiceStatus;
  number: string | null;
  description: string | null;
  footer: string | null;
  metadata: Metadata;
  auto_advance: boolean;
  collection_method: 'charge_automatically' | 'send_invoice';
  due_date: number | null;
  statement_descriptor: string | null;
  /** Invoice items on this invoice, in line order. */
  itemIds: string[];
  status_transitions: {
    finalized_at: number | null;
    marked_uncollectible_at: number | null;
    paid_at: number | null;
    voided_at: number | null;
  };
  paid_out_of_band: boolean;
  attempted: boolean;
  attempt_count: number;
  effective_at: number | null;
  customer_address: Address | null;
  customer_email: string | null;
  customer_name: string | null;
  customer_phone: string | null;
  customer_shipping: Shipping | null;
  customer_tax_exempt: 'none' | 'exempt' | 'reverse';
};

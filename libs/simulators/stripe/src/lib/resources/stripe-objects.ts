import { JsonObject } from '../http/json-value';

/** API objects as the 2023-08-16 API renders them (field sets follow Stripe's fixtures). */

export type Address = {
  city: string | null;
  country: string | null;
  line1: string | null;
  line2: string | null;
  postal_code: string | null;
  state: string | null;
};

export type Shipping = { address: Address; name: string; phone: string | null };

export type Metadata = Record<string, string>;

export type CustomerObject = {
  id: string;
  object: 'customer';
  address: Address | null;
  balance: number;
  created: number;
  currency: string | null;
  default_source: null;
  delinquent: boolean;
  description: string | null;
  discount: null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: { name: string; value: string }[] | null;
    default_payment_method: null;
    footer: string | null;
    rendering_options: null;
  };
  livemode: false;
  metadata: Metadata;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: Shipping | null;
  tax_exempt: 'none' | 'exempt' | 'reverse';
  test_clock: null;
};

export type DeletedObject = { id: string; object: string; deleted: true };

export type ProductObject = {
  id: string;
  object: 'product';
  active: boolean;
  created: number;
  default_price: string | null;
  description: string | null;
  features: { name: string }[];
  images: string[];
  livemode: false;
  metadata: Metadata;
  name: string;
  package_dimensions: null;
  shippable: boolean | null;
  statement_descriptor: string | null;
  tax_code: string | null;
  unit_label: string | null;
  updated: number;
  url: string | null;
};

export type RecurringObject = {
  aggregate_usage: null;
  interval: 'day' | 'week' | 'month' | 'year';
  interval_count: number;
  usage_type: 'licensed';
};

export type PriceObject = {
  id: string;
  object: 'price';
  active: boolean;
  billing_scheme: 'per_unit';
  created: number;
  currency: string;
  custom_unit_amount: null;
  livemode: false;
  lookup_key: string | null;
  metadata: Metadata;
  nickname: string | null;
  product: string;
  recurring: RecurringObject | null;
  tax_behavior: 'exclusive' | 'inclusive' | 'unspecified';
  tiers_mode: null;
  transform_quantity: null;
  type: 'one_time' | 'recurring';
  unit_amount: number | null;
  unit_amount_decimal: string | null;
};

export type Period = { start: number; end: number };

export type InvoiceItemObject = {
  id: string;
  object: 'invoiceitem';
  amount: number;
  currency: string;
  customer: string;
  date: number;
  description: string | null;
  discountable: boolean;
  discounts: string[];
  invoice: string | null;
  livemode: false;
  metadata: Metadata;
  period: Period;
  price: PriceObject | null;
  proration: false;
  quantity: number;
  subscription: null;
  tax_rates: string[];
  test_clock: null;
  unit_amount: number | null;
  unit_amount_decimal: string | null;
};

export type LineItemObject = {
  id: string;
  object: 'line_item';
  amount: number;
  amount_excluding_tax: number;
  currency: string;
  description: string | null;
  discount_amounts: [];
  discountable: boolean;
  discounts: string[];
  invoice_item: string;
  livemode: false;
  metadata: Metadata;
  period: Period;
  price: PriceObject | null;
  proration: false;
  proration_details: { credited_items: null };
  quantity: number;
  subscription: null;
  tax_amounts: [];
  tax_rates: string[];
  type: 'invoiceitem';
  unit_amount_excluding_tax: string | null;
};

export type ListObject<T> = {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
  total_count?: number;
};

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

export type EventObject = {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: JsonObject; previous_attributes?: JsonObject };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
};

export type WebhookEndpointObject = {
  id: string;
  object: 'webhook_endpoint';
  api_version: string | null;
  application: null;
  created: number;
  description: string | null;
  enabled_events: string[];
  livemode: false;
  metadata: Metadata;
  secret?: string;
  status: 'enabled' | 'disabled';
  url: string;
};

import type { CreateCustomerDto } from '../customers/customer.dto';
import type { CreateProductDto } from '../products/product.dto';

export const DEMO_TENANT = { id: 'demo', name: 'Concord demo' };

export const DEMO_CUSTOMERS: CreateCustomerDto[] = [
  {
    name: 'Ada Lovelace',
    email: 'ada@demo.concord.test',
    phone: '+44 20 7946 0001',
    address: { line1: '12 St James Square', city: 'London', postalCode: 'SW1Y 4JH', country: 'GB' },
    currency: 'GBP',
    metadata: { segment: 'enterprise' },
  },
  {
    name: 'Grace Hopper',
    email: 'grace@demo.concord.test',
    address: { line1: '1 Navy Way', city: 'Arlington', state: 'VA', country: 'US' },
    currency: 'USD',
  },
  {
    name: 'Hiroshi Tanaka',
    email: 'hiroshi@demo.concord.test',
    address: { line1: '1-1 Marunouchi', city: 'Tokyo', country: 'JP' },
    currency: 'JPY',
  },
  { name: 'Marie Curie', email: 'marie@demo.concord.test', currency: 'EUR' },
  { name: 'Alan Turing', email: 'alan@demo.concord.test', phone: '+44 161 496 0002' },
];

export const DEMO_PRODUCTS: CreateProductDto[] = [
  {
    name: 'Analytical Engine subscription',
    sku: 'DEMO-ENGINE',
    description: 'Monthly access to the engine',
    unitPrice: { amount: 4900, currency: 'USD' },
  },
  {
    name: 'Punch cards (box of 100)',
    sku: 'DEMO-CARDS',
    unitPrice: { amount: 1250, currency: 'GBP' },
  },
  // JPY has no minor unit: 50000 is ¥50,000.
  { name: 'Tokyo workshop seat', sku: 'DEMO-TOKYO', unitPrice: { amount: 50000, currency: 'JPY' } },
  { name: 'Compiler support', sku: 'DEMO-SUPPORT', unitPrice: { amount: 19900, currency: 'EUR' } },
];

/** Invoices by customer email and product sku (the ids exist only once the records do). */
export const DEMO_INVOICES = [
  {
    number: 'DEMO-1001',
    status: 'draft' as const,
    customerEmail: 'ada@demo.concord.test',
    currency: 'GBP',
    issueDate: '2026-01-05',
    dueDate: '2026-02-04',
    lines: [{ sku: 'DEMO-CARDS', description: 'Punch cards', quantity: 2, unitAmount: 1250 }],
  },
  {
    number: 'DEMO-1002',
    status: 'open' as const,
    customerEmail: 'hiroshi@demo.concord.test',
    currency: 'JPY',
    issueDate: '2026-01-10',
    dueDate: '2026-02-09',
    lines: [{ sku: 'DEMO-TOKYO', description: 'Workshop seat', quantity: 1, unitAmount: 50000 }],
  },
  {
    number: 'DEMO-1003',
    status: 'paid' as const,
    customerEmail: 'grace@demo.concord.test',
    currency: 'USD',
    issueDate: '2025-12-01',
    dueDate: null,
    lines: [
      { sku: 'DEMO-ENGINE', description: 'Engine, 3 months', quantity: 3, unitAmount: 4900 },
      { sku: null, description: 'Setup', quantity: 1, unitAmount: 10000 },
    ],
  },
];

const STRIPE_DEMO_CONNECTION = {
  system: 'stripe',
  settings: {
    enabled: true,
    direction: 'both' as const,
    entityTypes: ['customer' as const, 'product' as const, 'invoice' as const],
    matchingKeys: { customer: ['email'] },
    settings: { baseUrl: 'http://127.0.0.1:12111' },
  },
  // The Stripe simulator's demo key: a test-mode key for a local simulator, not a secret.
  credentials: { apiKey: 'sk_test_concord_demo' },
};

const SALESFORCE_DEMO_CONNECTION = {
  system: 'salesforce',
  settings: {
    enabled: true,
    direction: 'both' as const,
    // Salesforce has no standard invoice object; its org prices in USD.
    entityTypes: ['customer' as const, 'product' as const],
    matchingKeys: { customer: ['name'] },
    settings: { baseUrl: 'http://127.0.0.1:12121', pollIntervalMs: 5000 },
  },
  // The Salesforce simulator's demo connected app: fixtures of a local simulator, not secrets.
  credentials: { clientId: 'concord-demo', clientSecret: 'concord-demo-secret' },
};

/**
 * The demo tenant's Xero organisation in the simulator, reached with its demo token (it opens only
 * the simulator). Invoices are left out until payments sync: a catalog invoice marked paid stays
 * AUTHORISED in Xero and would come back as open.
 */
const XERO_DEMO_CONNECTION = {
  system: 'xero',
  settings: {
    enabled: true,
    direction: 'both' as const,
    entityTypes: ['customer' as const, 'product' as const],
    matchingKeys: { customer: ['email'] },
    settings: {
      baseUrl: 'http://127.0.0.1:12131',
      xeroTenantId: '00000000-0000-0000-0000-000000000001',
    },
  },
  credentials: { accessToken: 'concord-demo-token' },
};

/** The demo tenant's connections, each to its simulator: Stripe, then Salesforce, then Xero. */
export const DEMO_CONNECTIONS = [
  STRIPE_DEMO_CONNECTION,
  SALESFORCE_DEMO_CONNECTION,
  XERO_DEMO_CONNECTION,
];

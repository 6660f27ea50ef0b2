import type { FieldValues } from '../field-views';
import type { ObservedRecord } from '../observed';
import type { SystemReader } from './system-reader';

type XeroRow = Record<string, unknown>;

/** The simulator's demo access token: it opens any organisation of the Xero simulator. */
export const XERO_DEMO_TOKEN = 'concord-demo-token';
const MS_DATE = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/;

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;
const cents = (value: unknown): number | null =>
  typeof value === 'number' ? Math.round(value * 100) : null;

/** `2026-12-06` for Xero's `/Date(ms+0000)/` or ISO text. */
function isoDay(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = MS_DATE.exec(value);
  const date = ms ? new Date(Number(ms[1])) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString().slice(0, 10);
}

/**
 * The contact's Name as the catalog has it: connector-xero writes a customer whose name another
 * active contact holds as `Name (<first 8 characters of its ContactNumber>)` and reads it back
 * without that suffix (apps/connector-xero/src/mappers/xero-contact-name.ts).
 */
function catalogNameOf(contact: XeroRow): string | null {
  const name = text(contact['Name']);
  const number = text(contact['ContactNumber']);
  if (name === null || number === null || number.length < 8) return name;
  const suffix = ` (${number.slice(0, 8)})`;
  return name.endsWith(suffix) && name.length > suffix.length
    ? name.slice(0, -suffix.length)
    : name;
}

export function xeroContactFields(contact: XeroRow): FieldValues {
  const phones = (contact['Phones'] ?? []) as XeroRow[];
  return {
    name: catalogNameOf(contact),
    email: text(contact['EmailAddress']),
    phone: text(phones.find((p) => p['PhoneType'] === 'DEFAULT')?.['PhoneNumber']),
  };
}

/** An Item: Code is the SKU, IsSold is active, the sales price in cents. */
export function xeroItemFields(item: XeroRow): FieldValues {
  const sales = (item['SalesDetails'] ?? {}) as XeroRow;
  return {
    name: text(item['Name']),
    description: text(item['Description']),
    active: item['IsSold'] !== false,
    sku: text(item['Code']),
    amount: cents(sales['UnitPrice']),
  };
}

const STATUS: Record<string, string> = { DRAFT: 'draft', AUTHORISED: 'open', VOIDED: 'void' };

export function xeroInvoiceFields(invoice: XeroRow): FieldValues {
  const lines = (invoice['LineItems'] ?? []) as XeroRow[];
  const status = String(invoice['Status'] ?? '');
  const quantity = lines[0]?.['Quantity'];
  return {
    number: text(invoice['InvoiceNumber']),
    status: STATUS[status] ?? status.toLowerCase(),
    dueDate: isoDay(invoice['DueDate']),
    quantity: typeof quantity === 'number' ? quantity : null,
    total: cents(invoice['Total']),
  };
}

/** The Xero accounting API of one organisation, over plain HTTP with the demo token. */
export class XeroApi {
  constructor(
    readonly baseUrl: string,
    readonly organisation: string,
  ) {}

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api.xro/2.0/${path}`, {
      method,
      headers: {
        authorization: `Bearer ${XERO_DEMO_TOKEN}`,
        'xero-tenant-id': this.organisation,
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    const answer = await response.text();
    if (!response.ok) throw new XeroHttpError(response.status, `xero ${method} ${path}: ${answer}`);
    return JSON.parse(answer) as T;
  }

  /** Every page of a paged collection (contacts, invoices: line items only on pages). */
  async pages(collection: 'Contacts' | 'Invoices', query: string): Promise<XeroRow[]> {
    const rows: XeroRow[] = [];
    for (let page = 1; ; page += 1) {
      const body = await this.call<Record<string, XeroRow[]>>(
        'GET',
        `${collection}?${query}&page=${page}&pageSize=1000`,
      );
      const batch = body[collection] ?? [];
      rows.push(...batch);
      if (batch.length < 1000) return rows;
    }
  }
}

export class XeroHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Every Contact (archived ones included: an archived contact is a deleted customer), Item and
 * Invoice of the organisation. A contact carries its catalog id as its ContactNumber; items and
 * invoices carry none (they are matched by the catalog's links).
 */
export class XeroReader implements SystemReader {
  readonly system = 'xero';

  constructor(
    private readonly api: XeroApi,
    private readonly invoices: boolean,
  ) {}

  async readAll(): Promise<ObservedRecord[]> {
    const [contacts, items, invoices] = await Promise.all([
      this.api.pages('Contacts', 'includeArchived=true'),
      this.api.call<{ Items?: XeroRow[] }>('GET', 'Items').then((b) => b.Items ?? []),
      this.invoices ? this.api.pages('Invoices', 'includeArchived=true') : Promise.resolve([]),
    ]);
    return [
      ...contacts.map((c) => ({
        kind: 'customer' as const,
        id: String(c['ContactID']),
        linkedId: text(c['ContactNumber']),
        deleted: c['ContactStatus'] === 'ARCHIVED',
        fields: xeroContactFields(c),
      })),
      ...items.map((i) => ({
        kind: 'product' as const,
        id: String(i['ItemID']),
        linkedId: null,
        deleted: false,
        fields: xeroItemFields(i),
      })),
      ...invoices.map((i) => ({
        kind: 'invoice' as const,
        id: String(i['InvoiceID']),
        linkedId: null,
        deleted: ['DELETED', 'VOIDED'].includes(String(i['Status'])),
        fields: xeroInvoiceFields(i),
      })),
    ];
  }
}

import type { Connection } from 'jsforce';

import type { FieldValues } from '../field-views';
import type { ObservedRecord } from '../observed';
import type { SystemReader } from './system-reader';

type SalesforceRow = Record<string, unknown> & { Id: string };

const ACCOUNT_FIELDS = 'Id, Name, Phone, Concord_Id__c, IsDeleted';
const PRODUCT_FIELDS = 'Id, Name, Description, IsActive, ProductCode, Concord_Id__c, IsDeleted';

const text = (value: unknown): string | null =>
  typeof value === 'string' && value !== '' ? value : null;

/** An Account as the workload's customer fields (the connection maps name and phone). */
export function salesforceAccountFields(account: Record<string, unknown>): FieldValues {
  return { name: text(account['Name']), phone: text(account['Phone']) };
}

/** A Product2 and its standard price book entry (an inactive entry is no price), in cents. */
export function salesforceProductFields(
  product: Record<string, unknown>,
  entry: Record<string, unknown> | undefined,
): FieldValues {
  const price = entry?.['IsActive'] === true ? entry['UnitPrice'] : null;
  return {
    name: text(product['Name']),
    description: text(product['Description']),
    active: product['IsActive'] === true,
    sku: text(product['ProductCode']),
    amount: typeof price === 'number' ? Math.round(price * 100) : null,
  };
}

/** Every row of a SOQL query, deleted ones included (queryAll), all pages. */
export async function queryAll(person: Connection, soql: string): Promise<SalesforceRow[]> {
  const result = await person.query<SalesforceRow>(soql, {
    autoFetch: true,
    maxFetch: 100_000,
    scanAll: true,
  });
  return result.records;
}

/**
 * Every Account and Product2 of the org (deleted ones from the recycle bin, `IsDeleted`), as a
 * person working in the org reads them with jsforce; the catalog id is `Concord_Id__c`.
 */
export class SalesforceReader implements SystemReader {
  readonly system = 'salesforce';

  constructor(private readonly person: Connection) {}

  async readAll(): Promise<ObservedRecord[]> {
    const [accounts, products, entries] = await Promise.all([
      queryAll(this.person, `SELECT ${ACCOUNT_FIELDS} FROM Account`),
      queryAll(this.person, `SELECT ${PRODUCT_FIELDS} FROM Product2`),
      queryAll(
        this.person,
        'SELECT Product2Id, UnitPrice, IsActive FROM PricebookEntry WHERE Pricebook2.IsStandard = true AND IsDeleted = false',
      ),
    ]);
    const entryOf = new Map(entries.map((e) => [String(e['Product2Id']), e]));
    const observe = (kind: 'customer' | 'product', row: SalesforceRow, fields: FieldValues) => ({
      kind,
      id: row.Id,
      linkedId: text(row['Concord_Id__c']),
      deleted: row['IsDeleted'] === true,
      fields,
    });
    return [
      ...accounts.map((a) => observe('customer', a, salesforceAccountFields(a))),
      ...products.map((p) => observe('product', p, salesforceProductFields(p, entryOf.get(p.Id)))),
    ];
  }
}

import type { Connection } from 'jsforce';

import type { CatalogClient } from '../clients/catalog-client';
import { type RetryCounter, retryTransient, TransientFailure } from '../clients/retry';
import type { FieldValues } from '../verify/field-views';
import {
  salesforceAccountFields,
  salesforceProductFields,
} from '../verify/readers/salesforce-reader';
import {
  type XeroApi,
  xeroContactFields,
  XeroHttpError,
  xeroItemFields,
} from '../verify/readers/xero-reader';
import { SYSTEM_FIELDS } from '../verify/systems';
import type { Handover } from './handover';
import { expectedValue, type OracleRecord } from './oracle';

/** The systems a person edits records in (besides Stripe, which has its own writer). */
export type EditingSystem = 'salesforce' | 'xero';

/** The run's Salesforce org (a person's jsforce) and Xero organisation, when it has them. */
export interface EditTargets {
  salesforce?: Connection;
  xero?: XeroApi;
}
type Row = Record<string, unknown>;

const PATHS = { customer: '/v1/customers', product: '/v1/products' } as const;

/**
 * A person renaming a customer or rewording a product in Salesforce (jsforce) or Xero (its HTTP
 * API), as the oracle's rule allows: only once the catalog, Stripe and that system show the
 * record's last write. The system then owns the record: the next write on another side waits
 * until that side shows the edit (a handover).
 */
export class ExternalEditor {
  /** The systems edits are made in (those the run connected). */
  readonly systems: EditingSystem[];

  constructor(
    private readonly catalog: CatalogClient,
    private readonly handover: Handover,
    private readonly targets: EditTargets,
    private readonly counters: Record<EditingSystem, RetryCounter>,
  ) {
    this.systems = (['salesforce', 'xero'] as const).filter((s) => targets[s] !== undefined);
  }

  private get salesforce(): Connection {
    if (!this.targets.salesforce) throw new Error('the run has no Salesforce org');
    return this.targets.salesforce;
  }

  private get xero(): XeroApi {
    if (!this.targets.xero) throw new Error('the run has no Xero organisation');
    return this.targets.xero;
  }

  /** False when a side does not show the last write yet (nothing is written). */
  async tryEdit(record: OracleRecord, system: EditingSystem, n: number): Promise<boolean> {
    const kind = record.kind;
    if (kind === 'invoice' || record.catalogId === null) return false;
    if (!(await this.handover.settledOnBoth(record).catch(() => false))) return false;
    const id = await this.linkedId(record, system);
    if (id === null) return false;
    const row = await this.read(system, kind, id);
    if (row === null || !this.holdsLastWrite(system, record, row.fields)) return false;
    const field = record.kind === 'customer' ? 'name' : 'description';
    // The key stays in the name: Xero keeps contact names unique.
    const value =
      record.kind === 'customer'
        ? `${(record.expected as { name: string }).name.split(' ').slice(0, 3).join(' ')} ${system} v${n}`
        : `Edited in ${system}: ${record.key} v${n}`;
    await retryTransient(
      () => this.write(system, kind, id, row.raw, field, value),
      this.counters[system],
    );
    record.expected = { ...record.expected, [field]: value };
    record.owner = system;
    return true;
  }

  private holdsLastWrite(system: EditingSystem, record: OracleRecord, row: FieldValues): boolean {
    return (SYSTEM_FIELDS[system][record.kind] ?? []).every(
      (f) => row[f] === expectedValue(record, f),
    );
  }

  private async linkedId(record: OracleRecord, system: EditingSystem): Promise<string | null> {
    const path = PATHS[record.kind as 'customer' | 'product'];
    const sync = await this.catalog.request<{
      systems: Array<{ system: string; externalId: string | null }>;
    }>('GET', `${path}/${record.catalogId}/sync`);
    if (sync.status !== 200) return null;
    return sync.body.systems.find((s) => s.system === system)?.externalId ?? null;
  }

  /** The record's fields in the system (and its raw row, for the write), or null when gone. */
  private async read(
    system: EditingSystem,
    kind: 'customer' | 'product',
    id: string,
  ): Promise<{ fields: FieldValues; raw: Row } | null> {
    if (system === 'salesforce') {
      if (kind === 'customer') {
        const [a] = (
          await this.salesforce.query<Row>(`SELECT Id, Name, Phone FROM Account WHERE Id = '${id}'`)
        ).records;
        return a ? { fields: salesforceAccountFields(a), raw: a } : null;
      }
      const [p] = (
        await this.salesforce.query<Row>(
          `SELECT Id, Name, Description, IsActive, ProductCode FROM Product2 WHERE Id = '${id}'`,
        )
      ).records;
      const [e] = (
        await this.salesforce.query<Row>(
          `SELECT UnitPrice, IsActive FROM PricebookEntry WHERE Pricebook2.IsStandard = true AND Product2Id = '${id}'`,
        )
      ).records;
      return p ? { fields: salesforceProductFields(p, e), raw: p } : null;
    }
    try {
      if (kind === 'customer') {
        const { Contacts } = await this.xero.call<{ Contacts: Row[] }>('GET', `Contacts/${id}`);
        const c = Contacts[0];
        return c && c['ContactStatus'] !== 'ARCHIVED'
          ? { fields: xeroContactFields(c), raw: c }
          : null;
      }
      const { Items } = await this.xero.call<{ Items: Row[] }>('GET', `Items/${id}`);
      return Items[0] ? { fields: xeroItemFields(Items[0]), raw: Items[0] } : null;
    } catch (error) {
      if (error instanceof XeroHttpError && error.status === 404) return null;
      throw error;
    }
  }

  private async write(
    system: EditingSystem,
    kind: 'customer' | 'product',
    id: string,
    raw: Row,
    field: 'name' | 'description',
    value: string,
  ): Promise<void> {
    try {
      if (system === 'salesforce') {
        const sObject = kind === 'customer' ? 'Account' : 'Product2';
        const result = await this.salesforce
          .sobject(sObject)
          .update({ Id: id, [field === 'name' ? 'Name' : 'Description']: value });
        if (!result.success) throw new Error(`salesforce update ${sObject} ${id} failed`);
        return;
      }
      if (kind === 'customer') {
        await this.xero.call('POST', `Contacts/${id}`, {
          Contacts: [{ ContactID: id, Name: value }],
        });
      } else {
        const code = raw['Code'];
        await this.xero.call('POST', `Items/${id}`, {
          Items: [{ ItemID: id, Code: code, Description: value }],
        });
      }
    } catch (error) {
      const status = error instanceof XeroHttpError ? error.status : 0;
      if (status === 429 || status >= 500) throw new TransientFailure(String(error));
      throw error;
    }
  }
}

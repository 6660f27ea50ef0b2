import { ContactRecord, InvoiceRecord, ItemRecord, PaymentRecord } from './xero-records';

/** An account of the organisation's chart that the simulator knows. */
export interface ChartAccount {
  AccountID: string;
  Code: string;
  Name: string;
  Type: 'BANK' | 'REVENUE' | 'SALES';
}

interface OrganisationData {
  contacts: Map<string, ContactRecord>;
  items: Map<string, ItemRecord>;
  invoices: Map<string, InvoiceRecord>;
  payments: Map<string, PaymentRecord>;
  nextInvoiceNumber: number;
}

/** Tax rates of the simulated organisation (a UK-style chart: 20 % standard VAT). */
export const TAX_RATES: Readonly<Record<string, string>> = {
  OUTPUT2: '20',
  RROUTPUT: '5',
  ZERORATEDOUTPUT: '0',
  EXEMPTOUTPUT: '0',
  NONE: '0',
  INPUT2: '20',
};

export const DEFAULT_SALES_TAX_TYPE = 'OUTPUT2';

/** One Xero organisation (tenant): its records, chart of accounts and invoice numbering. */
export class Organisation {
  private data: OrganisationData = emptyData();
  readonly accounts: ChartAccount[];

  constructor(
    readonly tenantId: string,
    readonly name: string,
    readonly createdAt: number,
    /** The id of the app's connection to this organisation (`GET /connections`). */
    readonly connectionId: string,
    accountIds: string[],
  ) {
    this.accounts = [
      { AccountID: accountIds[0], Code: '090', Name: 'Business Bank Account', Type: 'BANK' },
      { AccountID: accountIds[1], Code: '091', Name: 'Business Savings Account', Type: 'BANK' },
      { AccountID: accountIds[2], Code: '200', Name: 'Sales', Type: 'REVENUE' },
      { AccountID: accountIds[3], Code: '260', Name: 'Other Revenue', Type: 'REVENUE' },
    ];
  }

  get contacts(): Map<string, ContactRecord> {
    return this.data.contacts;
  }

  get items(): Map<string, ItemRecord> {
    return this.data.items;
  }

  get invoices(): Map<string, InvoiceRecord> {
    return this.data.invoices;
  }

  get payments(): Map<string, PaymentRecord> {
    return this.data.payments;
  }

  nextInvoiceNumber(): string {
    const number = this.data.nextInvoiceNumber;
    this.data.nextInvoiceNumber += 1;
    return `INV-${String(number).padStart(4, '0')}`;
  }

  account(code: string | undefined, id: string | undefined): ChartAccount | undefined {
    return this.accounts.find(
      (account) =>
        (code !== undefined && account.Code === code) ||
        (id !== undefined && account.AccountID === id),
    );
  }

  /**
   * A copy of the stored state to roll a batch back to (records are replaced, never mutated in
   * place, so copying the maps is enough).
   */
  snapshot(): () => void {
    const saved: OrganisationData = {
      contacts: new Map(this.data.contacts),
      items: new Map(this.data.items),
      invoices: new Map(this.data.invoices),
      payments: new Map(this.data.payments),
      nextInvoiceNumber: this.data.nextInvoiceNumber,
    };
    return () => {
      this.data = saved;
    };
  }

  reset(): void {
    this.data = emptyData();
  }

  summary(): Record<string, number | string> {
    return {
      name: this.name,
      contacts: this.contacts.size,
      items: this.items.size,
      invoices: this.invoices.size,
      payments: this.payments.size,
    };
  }
}

function emptyData(): OrganisationData {
  return {
    contacts: new Map(),
    items: new Map(),
    invoices: new Map(),
    payments: new Map(),
    nextInvoiceNumber: 1,
  };
}

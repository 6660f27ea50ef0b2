/** What the simulator stores per record; controllers render these into Xero's JSON. */

export type ContactStatus = 'ACTIVE' | 'ARCHIVED';

export interface ContactRecord {
  ContactID: string;
  ContactStatus: ContactStatus;
  Name: string;
  ContactNumber?: string;
  AccountNumber?: string;
  FirstName?: string;
  LastName?: string;
  EmailAddress?: string;
  TaxNumber?: string;
  DefaultCurrency?: string;
  Addresses: Record<string, unknown>[];
  Phones: Record<string, unknown>[];
  IsSupplier: boolean;
  IsCustomer: boolean;
  updatedAt: number;
}

export interface ItemDetails {
  /** Decimal text, up to 4 dp. */
  UnitPrice?: string;
  AccountCode?: string;
  TaxType?: string;
}

export interface ItemRecord {
  ItemID: string;
  Code: string;
  Name?: string;
  Description?: string;
  PurchaseDescription?: string;
  IsSold: boolean;
  IsPurchased: boolean;
  SalesDetails?: ItemDetails;
  PurchaseDetails?: ItemDetails;
  updatedAt: number;
}

export type InvoiceStatus = 'DRAFT' | 'SUBMITTED' | 'DELETED' | 'AUTHORISED' | 'PAID' | 'VOIDED';
export type InvoiceType = 'ACCREC' | 'ACCPAY';

export interface LineItemRecord {
  LineItemID: string;
  Description?: string;
  /** Decimal texts, so no precision is lost between requests. */
  Quantity: string;
  UnitAmount: string;
  DiscountRate?: string;
  ItemCode?: string;
  AccountCode?: string;
  TaxType: string;
  TaxAmount: string;
  LineAmount: string;
}

export interface InvoiceRecord {
  InvoiceID: string;
  Type: InvoiceType;
  ContactID: string;
  InvoiceNumber: string;
  Reference?: string;
  /** `YYYY-MM-DD`. */
  Date: string;
  DueDate?: string;
  Status: InvoiceStatus;
  LineAmountTypes: 'Exclusive' | 'Inclusive' | 'NoTax';
  CurrencyCode: string;
  LineItems: LineItemRecord[];
  SubTotal: string;
  TotalTax: string;
  Total: string;
  PaymentIDs: string[];
  FullyPaidOnDate?: string;
  updatedAt: number;
}

export interface PaymentRecord {
  PaymentID: string;
  InvoiceID: string;
  AccountCode: string;
  /** `YYYY-MM-DD`. */
  Date: string;
  Amount: string;
  Reference?: string;
  Status: 'AUTHORISED' | 'DELETED';
  updatedAt: number;
}

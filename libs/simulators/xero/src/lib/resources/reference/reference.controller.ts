import { msDate } from '../../http/ms-date';
import { XeroRequestContext, XeroResult, XeroRoute } from '../../http/xero-route';
import { DEFAULT_SALES_TAX_TYPE, TAX_RATES } from '../../organisations/organisation';
import { BASE_CURRENCY } from '../invoices/invoice.writer';
import { listRecords } from '../list-records';

const TAX_RATE_NAMES: Readonly<Record<string, string>> = {
  OUTPUT2: '20% (VAT on Income)',
  RROUTPUT: '5% (VAT on Income)',
  ZERORATEDOUTPUT: 'Zero Rated Income',
  EXEMPTOUTPUT: 'Exempt Income',
  NONE: 'No VAT',
  INPUT2: '20% (VAT on Expenses)',
};

const ACCOUNT_FIELDS: ReadonlySet<string> = new Set([
  'AccountID',
  'Code',
  'Name',
  'Type',
  'Status',
  'Class',
  'UpdatedDateUTC',
]);
const TAX_RATE_FIELDS: ReadonlySet<string> = new Set([
  'Name',
  'TaxType',
  'Status',
  'EffectiveRate',
]);

/**
 * The read-only settings a connector checks before writing: the organisation (base currency),
 * its chart of accounts (the account codes line items and payments use) and its tax rates.
 */
export class ReferenceController {
  routes(): XeroRoute[] {
    return [
      { method: 'GET', pattern: '/Organisation', handle: (context) => this.organisation(context) },
      { method: 'GET', pattern: '/Accounts', handle: (context) => this.accounts(context) },
      { method: 'GET', pattern: '/TaxRates', handle: (context) => this.taxRates(context) },
    ];
  }

  private organisation({ org }: XeroRequestContext): XeroResult {
    return {
      collection: 'Organisations',
      records: [
        {
          OrganisationID: org.tenantId,
          Name: org.name,
          LegalName: org.name,
          PaysTax: true,
          Version: 'GLOBAL',
          OrganisationType: 'COMPANY',
          BaseCurrency: BASE_CURRENCY,
          CountryCode: 'GB',
          IsDemoCompany: false,
          OrganisationStatus: 'ACTIVE',
          FinancialYearEndDay: 31,
          FinancialYearEndMonth: 12,
          SalesTaxBasis: 'ACCRUALS',
          SalesTaxPeriod: 'QUARTERLY1',
          DefaultSalesTax: 'Tax Exclusive',
          DefaultPurchasesTax: 'Tax Exclusive',
          CreatedDateUTC: msDate(org.createdAt),
          Timezone: 'GMTSTANDARDTIME',
          OrganisationEntityType: 'COMPANY',
          Class: 'STANDARD',
          Edition: 'BUSINESS',
          Addresses: [],
          Phones: [],
          ExternalLinks: [],
        },
      ],
    };
  }

  private accounts(context: XeroRequestContext): XeroResult {
    const accounts = context.org.accounts.map((account) => ({
      AccountID: account.AccountID,
      Code: account.Code,
      Name: account.Name,
      Type: account.Type,
      Status: 'ACTIVE',
      Class: account.Type === 'BANK' ? 'ASSET' : 'REVENUE',
      ...(account.Type === 'BANK'
        ? { BankAccountType: 'BANK', CurrencyCode: BASE_CURRENCY, TaxType: 'NONE' }
        : { TaxType: DEFAULT_SALES_TAX_TYPE }),
      EnablePaymentsToAccount: account.Type === 'BANK',
      ShowInExpenseClaims: false,
      HasAttachments: false,
      UpdatedDateUTC: msDate(context.org.createdAt),
    }));
    return listRecords(
      context,
      {
        typeName: 'Account',
        collection: 'Accounts',
        fields: ACCOUNT_FIELDS,
        idField: 'AccountID',
        filtersByIds: false,
        paged: false,
      },
      accounts,
    );
  }

  private taxRates(context: XeroRequestContext): XeroResult {
    const rates = Object.entries(TAX_RATES).map(([taxType, rate]) => ({
      Name: TAX_RATE_NAMES[taxType] ?? taxType,
      TaxType: taxType,
      Status: 'ACTIVE',
      CanApplyToRevenue: !taxType.startsWith('INPUT'),
      CanApplyToExpenses: taxType.startsWith('INPUT') || taxType === 'NONE',
      DisplayTaxRate: Number(rate),
      EffectiveRate: Number(rate),
      TaxComponents: [
        { Name: 'VAT', Rate: Number(rate), IsCompound: false, IsNonRecoverable: false },
      ],
    }));
    return listRecords(
      context,
      {
        typeName: 'TaxRate',
        collection: 'TaxRates',
        fields: TAX_RATE_FIELDS,
        idField: 'TaxType',
        filtersByIds: false,
        paged: false,
      },
      rates,
    );
  }
}

import type { ResolvedConnection } from '@concord/connector-kit';

/** Revenue account of every invoice line, unless the connection names another (Xero's "Sales"). */
export const DEFAULT_ACCOUNT_CODE = '200';
/** Tax type of every invoice line, unless the connection names another: no tax, as the catalog. */
export const DEFAULT_TAX_TYPE = 'NONE';

/** How a connection writes invoice lines and prices items. */
export interface XeroLineDefaults {
  /** `settings.accountCode`: the revenue account every line is posted to. */
  accountCode: string;
  /** `settings.taxType`: the tax rate of every line (`NONE`, `OUTPUT2`, ...). */
  taxType: string;
  /**
   * `settings.currency`: the organisation's base currency, the one Xero item prices are in. Unset:
   * an item's price is written but not reported back (Xero items carry no currency).
   */
  itemCurrency: string | null;
}

function text(value: string | number | boolean | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

export function xeroLineDefaults(
  connection: Pick<ResolvedConnection, 'settings'>,
): XeroLineDefaults {
  const settings = connection.settings.settings;
  return {
    accountCode: text(settings['accountCode']) ?? DEFAULT_ACCOUNT_CODE,
    taxType: text(settings['taxType']) ?? DEFAULT_TAX_TYPE,
    itemCurrency: text(settings['currency'])?.toUpperCase() ?? null,
  };
}

/**
 * Xero's organisation id (`xero-tenant-id`) of a connection: `settings.xeroTenantId`, or in the
 * credentials `accountId` (what the console asks for), `tenantId` or `xeroTenantId`. Null when none
 * is set.
 */
export function xeroTenantIdOf(
  connection: Pick<ResolvedConnection, 'settings' | 'credentials'>,
): string | null {
  return (
    text(connection.settings.settings['xeroTenantId']) ??
    text(connection.credentials['accountId']) ??
    text(connection.credentials['tenantId']) ??
    text(connection.credentials['xeroTenantId'])
  );
}

import type { ResolvedConnection } from '@concord/connector-kit';
import { ValidationError, ValidationErrorCode } from '@concord/errors';
import { isKnownCurrency } from '@concord/model';

/** The external-id field that carries the catalog id on every synced object. */
export const CONCORD_ID_FIELD = 'Concord_Id__c';

/** The sObjects a catalog customer may map to (`settings.customerObject`). */
export const CustomerObjects = ['Account', 'Contact'] as const;
export type CustomerObject = (typeof CustomerObjects)[number];

type Settings = Pick<ResolvedConnection, 'settings'>;

/** `settings.customerObject`: Account (the default) or Contact. */
export function customerObjectOf(connection: Settings): CustomerObject {
  const value = connection.settings.settings['customerObject'] ?? 'Account';
  if (!CustomerObjects.includes(value as CustomerObject)) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      `settings.customerObject must be Account or Contact, not ${String(value)}`,
      [{ field: 'settings.customerObject', message: 'Account or Contact' }],
    );
  }
  return value as CustomerObject;
}

/**
 * `settings.currency`: the org's currency (ISO 4217), USD by default. Standard price book entries
 * carry no currency of their own in an org without multiple currencies.
 */
export function orgCurrencyOf(connection: Settings): string {
  const value = String(connection.settings.settings['currency'] ?? 'USD').toUpperCase();
  if (!isKnownCurrency(value)) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      `settings.currency must be an ISO 4217 code, not ${value}`,
      [{ field: 'settings.currency', message: 'an ISO 4217 code' }],
    );
  }
  return value;
}

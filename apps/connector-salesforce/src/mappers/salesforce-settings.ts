import type { ResolvedConnection } from '@concord/connector-kit';
import { ValidationError, ValidationErrorCode } from '@concord/errors';
import { isKnownCurrency } from '@concord/model';

/** The external-id field that carries the catalog id on every synced object. */
export const CONCORD_ID_FIELD = 'Concord_Id__c';

/** The sObjects that hold a catalog customer's link (its main record). */
export const CustomerObjects = ['Account', 'Contact'] as const;
export type CustomerObject = (typeof CustomerObjects)[number];

/**
 * How a catalog customer maps (`settings.customerObject`): to an Account (the default), to a
 * Contact, or to an Account plus its primary Contact (`AccountWithContact`: the company on the
 * Account, the person on a Contact of it carrying the same `Concord_Id__c`).
 */
export const CustomerMappings = ['Account', 'Contact', 'AccountWithContact'] as const;
export type CustomerMapping = (typeof CustomerMappings)[number];

type Settings = Pick<ResolvedConnection, 'settings'>;

/** `settings.customerObject`: Account (the default), Contact or AccountWithContact. */
export function customerMappingOf(connection: Settings): CustomerMapping {
  const value = connection.settings.settings['customerObject'] ?? 'Account';
  if (!CustomerMappings.includes(value as CustomerMapping)) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      `settings.customerObject must be Account, Contact or AccountWithContact, not ${String(value)}`,
      [{ field: 'settings.customerObject', message: 'Account, Contact or AccountWithContact' }],
    );
  }
  return value as CustomerMapping;
}

/** The sObject that holds a customer's link: Account, or Contact with `customerObject: Contact`. */
export function customerObjectOf(connection: Settings): CustomerObject {
  return customerMappingOf(connection) === 'Contact' ? 'Contact' : 'Account';
}

/** True when a customer is an Account plus its primary Contact. */
export function mapsPrimaryContact(connection: Settings): boolean {
  return customerMappingOf(connection) === 'AccountWithContact';
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

/** Salesforce's default session timeout (Setup > Session Settings): 2 hours. */
const DEFAULT_SESSION_TIMEOUT_MINUTES = 120;

/**
 * `settings.sessionTimeoutMinutes`: the org's session timeout (15 to 1440 minutes, 120 by
 * default). Token responses carry no lifetime, so the connector replaces a session ahead of it.
 */
export function sessionTimeoutOf(connection: Settings): number {
  const value =
    connection.settings.settings['sessionTimeoutMinutes'] ?? DEFAULT_SESSION_TIMEOUT_MINUTES;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 15 || value > 1440) {
    throw new ValidationError(
      ValidationErrorCode.INVALID_CONFIGURATION,
      `settings.sessionTimeoutMinutes must be a whole number of minutes from 15 to 1440, not ${String(value)}`,
      [{ field: 'settings.sessionTimeoutMinutes', message: 'minutes, 15 to 1440' }],
    );
  }
  return value * 60_000;
}

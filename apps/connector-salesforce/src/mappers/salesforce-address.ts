import type { Address } from '@concord/model';

import type { SalesforceFields } from './salesforce-field-mappings';

const COUNTRY_CODE = /^[A-Za-z]{2}$/;

/** A canonical address as Salesforce's compound address fields (`Billing`, `Mailing`). */
export function addressFields(prefix: string, address: Address | null): SalesforceFields {
  const street = address ? [address.line1, address.line2].filter(Boolean).join('\n') : null;
  return {
    [`${prefix}Street`]: street || null,
    [`${prefix}City`]: address?.city ?? null,
    [`${prefix}State`]: address?.state ?? null,
    [`${prefix}PostalCode`]: address?.postalCode ?? null,
    [`${prefix}Country`]: address?.country ?? null,
  };
}

function text(record: Readonly<Record<string, unknown>>, field: string): string | undefined {
  const value = record[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Salesforce's address fields as a canonical address: null when every part is empty, undefined
 * (not reported) when it has no canonical form (no street, or a country that is not an ISO code).
 */
export function addressOf(
  prefix: string,
  record: Readonly<Record<string, unknown>>,
): Address | null | undefined {
  const street = text(record, `${prefix}Street`);
  const parts = {
    city: text(record, `${prefix}City`),
    state: text(record, `${prefix}State`),
    postalCode: text(record, `${prefix}PostalCode`),
  };
  const country = text(record, `${prefix}Country`);
  if (!street && !country && !parts.city && !parts.state && !parts.postalCode) return null;
  if (!street || !country || !COUNTRY_CODE.test(country)) return undefined;
  const [line1, ...rest] = street.split(/\r?\n/);
  const address: Address = { line1: line1.slice(0, 200), country: country.toUpperCase() };
  const line2 = rest.join(' ').trim();
  if (line2) address.line2 = line2.slice(0, 200);
  if (parts.city) address.city = parts.city.slice(0, 100);
  if (parts.state) address.state = parts.state.slice(0, 100);
  if (parts.postalCode) address.postalCode = parts.postalCode.slice(0, 20);
  return address;
}

import { msDate } from '../../http/ms-date';
import { ContactRecord } from '../../organisations/xero-records';

export const CONTACT_FIELDS: ReadonlySet<string> = new Set([
  'ContactID',
  'ContactNumber',
  'AccountNumber',
  'ContactStatus',
  'Name',
  'FirstName',
  'LastName',
  'EmailAddress',
  'TaxNumber',
  'DefaultCurrency',
  'IsSupplier',
  'IsCustomer',
  'UpdatedDateUTC',
]);

/** A contact as Xero answers it (optional texts left out when unset, as Xero does). */
export function renderContact(contact: ContactRecord): Record<string, unknown> {
  const { updatedAt, ...fields } = contact;
  return {
    ...fields,
    UpdatedDateUTC: msDate(updatedAt),
    ContactGroups: [],
    HasAttachments: false,
    HasValidationErrors: false,
  };
}

/** The short form a contact takes inside an invoice. */
export function renderContactSummary(
  contact: ContactRecord | undefined,
  id: string,
): Record<string, unknown> {
  if (!contact) return { ContactID: id };
  return {
    ContactID: contact.ContactID,
    ...(contact.ContactNumber ? { ContactNumber: contact.ContactNumber } : {}),
    Name: contact.Name,
    ContactStatus: contact.ContactStatus,
    HasValidationErrors: false,
  };
}

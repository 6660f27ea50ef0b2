import { validationMessagesOf, xeroValidationError } from '../xero/xero-error.mapper';

/**
 * The one record a batch write answered for (Xero answers `{ Contacts: [...] }` and, with
 * `summarizeErrors=false`, marks each record OK or ERROR). A record Xero refused becomes a
 * permanent validation error naming the fields its messages are about.
 */
export function writtenRecord<T extends object>(records: T[] | undefined, what: string): T {
  const record = records?.[0];
  if (!record) throw xeroValidationError([`Xero answered no ${what}`]);
  const messages = validationMessagesOf(record);
  const flagged = record as { hasValidationErrors?: boolean; statusAttributeString?: string };
  if (
    messages.length > 0 ||
    flagged.hasValidationErrors === true ||
    flagged.statusAttributeString === 'ERROR'
  ) {
    throw xeroValidationError(messages, { record: what });
  }
  return record;
}

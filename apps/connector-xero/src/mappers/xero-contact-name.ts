/**
 * Xero keeps a contact's Name unique among active contacts ("The contact name … is already
 * assigned to another contact"); the catalog lets two customers share a name. A contact Xero
 * refuses for its name is written again as "Name (abcd1234)", the first 8 characters of the
 * catalog id, which is also the contact's ContactNumber; read back, that suffix is dropped again
 * (only when it is the one of the contact's own ContactNumber), so the catalog name never takes it.
 */
const XERO_NAME_MAX = 255;
const SHORT_ID = 8;

const suffixOf = (entityId: string): string => ` (${entityId.slice(0, SHORT_ID)})`;

/** Whether Xero refused the contact because another active contact holds its name. */
export function contactNameTaken(messages: readonly string[]): boolean {
  return messages.some((message) => /contact name .* already assigned/i.test(message));
}

/** The Name written when the catalog's is taken in Xero: the name and the short catalog id. */
export function disambiguatedContactName(name: string, entityId: string): string {
  const suffix = suffixOf(entityId);
  return `${name.slice(0, XERO_NAME_MAX - suffix.length)}${suffix}`;
}

/** Whether the name already carries the record's suffix (a second refusal is final). */
export function isDisambiguated(name: string, entityId: string): boolean {
  return name.endsWith(suffixOf(entityId));
}

/** The catalog name of a contact: its Name without the suffix its own ContactNumber gave it. */
export function catalogNameOf(name: string, contactNumber: string | undefined): string {
  if (!contactNumber || contactNumber.length < SHORT_ID) return name;
  const suffix = suffixOf(contactNumber);
  return name.endsWith(suffix) && name.length > suffix.length
    ? name.slice(0, -suffix.length)
    : name;
}

import type { ResolvedConnection } from '@concord/connector-kit';
import { fieldMappingsOf, syncsOutbound } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

import {
  mappingsByRecord,
  salesforceFieldMappingProblem,
} from '../mappers/salesforce-field-mappings';
import {
  CONCORD_ID_FIELD,
  type CustomerObject,
  customerObjectOf,
} from '../mappers/salesforce-settings';

const SYSTEM = ['Id', 'IsDeleted', 'SystemModstamp'];
const ADDRESS = (prefix: string): string[] =>
  ['Street', 'City', 'State', 'PostalCode', 'Country'].map((part) => `${prefix}${part}`);

const CUSTOMER_FIELDS: Record<CustomerObject, string[]> = {
  Account: [...SYSTEM, 'Name', 'Phone', ...ADDRESS('Billing')],
  Contact: [...SYSTEM, 'Name', 'FirstName', 'LastName', 'Email', 'Phone', ...ADDRESS('Mailing')],
};
export const PRODUCT_FIELDS = [...SYSTEM, 'Name', 'Description', 'ProductCode', 'IsActive'];
export const ENTRY_FIELDS = [...SYSTEM, 'Product2Id', 'UnitPrice', 'IsActive'];

/** Custom fields the connection's inbound mappings read (of a customer's Contact: `onContact`). */
function mappedFields(
  connection: ResolvedConnection,
  entityType: EntityType,
  onContact?: boolean,
): string[] {
  const all = fieldMappingsOf(connection, entityType);
  const mappings =
    onContact === undefined ? all : mappingsByRecord(all)[onContact ? 'contact' : 'account'];
  return mappings
    .filter((m) => salesforceFieldMappingProblem(m) === null && m.direction !== 'outbound')
    .map((m) => m.externalField);
}

/**
 * The fields read of an Account and of its primary Contact (`customerObject:
 * AccountWithContact`); both carry `Concord_Id__c`, which picks the primary Contact.
 */
export function accountWithContactFields(connection: ResolvedConnection): {
  account: string;
  contact: string[];
} {
  const account = [...CUSTOMER_FIELDS.Account, CONCORD_ID_FIELD];
  const contact = [...SYSTEM, 'AccountId', CONCORD_ID_FIELD, 'FirstName', 'LastName', 'Email'];
  return {
    account: [...new Set([...account, ...mappedFields(connection, 'customer', false)])].join(', '),
    contact: [...new Set([...contact, 'Phone', ...mappedFields(connection, 'customer', true)])],
  };
}

/**
 * `Concord_Id__c` where the connection writes the type (so the field must exist): a record read
 * before the outcome of Concord's own create was applied then still names its catalog record.
 */
function ownIdField(connection: ResolvedConnection, entityType: EntityType): string[] {
  return syncsOutbound(connection.settings, entityType) ? [CONCORD_ID_FIELD] : [];
}

/** The customer object of the connection and the fields its mapper reads. */
export function customerQueryShape(connection: ResolvedConnection): {
  sObject: CustomerObject;
  fields: string;
} {
  const sObject = customerObjectOf(connection);
  const fields = [
    ...new Set([
      ...CUSTOMER_FIELDS[sObject],
      ...ownIdField(connection, 'customer'),
      ...mappedFields(connection, 'customer'),
    ]),
  ];
  return { sObject, fields: fields.join(', ') };
}

/** The Product2 fields the product mapper reads. */
export function productFields(connection: ResolvedConnection): string {
  return [
    ...new Set([
      ...PRODUCT_FIELDS,
      ...ownIdField(connection, 'product'),
      ...mappedFields(connection, 'product'),
    ]),
  ].join(', ');
}

import type { ResolvedConnection } from '@concord/connector-kit';
import { fieldMappingsOf } from '@concord/connector-kit';
import type { EntityType } from '@concord/model';

import { salesforceFieldMappingProblem } from '../mappers/salesforce-field-mappings';
import { type CustomerObject, customerObjectOf } from '../mappers/salesforce-settings';

const SYSTEM = ['Id', 'IsDeleted', 'SystemModstamp'];
const ADDRESS = (prefix: string): string[] =>
  ['Street', 'City', 'State', 'PostalCode', 'Country'].map((part) => `${prefix}${part}`);

const CUSTOMER_FIELDS: Record<CustomerObject, string[]> = {
  Account: [...SYSTEM, 'Name', 'Phone', ...ADDRESS('Billing')],
  Contact: [...SYSTEM, 'Name', 'FirstName', 'LastName', 'Email', 'Phone', ...ADDRESS('Mailing')],
};
export const PRODUCT_FIELDS = [...SYSTEM, 'Name', 'Description', 'ProductCode', 'IsActive'];
export const ENTRY_FIELDS = [...SYSTEM, 'Product2Id', 'UnitPrice', 'IsActive'];

/** Custom fields the connection's inbound mappings read. */
function mappedFields(connection: ResolvedConnection, entityType: EntityType): string[] {
  return fieldMappingsOf(connection, entityType)
    .filter((m) => salesforceFieldMappingProblem(m) === null && m.direction !== 'outbound')
    .map((m) => m.externalField);
}

/** The customer object of the connection and the fields its mapper reads. */
export function customerQueryShape(connection: ResolvedConnection): {
  sObject: CustomerObject;
  fields: string;
} {
  const sObject = customerObjectOf(connection);
  const fields = [
    ...new Set([...CUSTOMER_FIELDS[sObject], ...mappedFields(connection, 'customer')]),
  ];
  return { sObject, fields: fields.join(', ') };
}

/** The Product2 fields the product mapper reads. */
export function productFields(connection: ResolvedConnection): string {
  return [...new Set([...PRODUCT_FIELDS, ...mappedFields(connection, 'product')])].join(', ');
}

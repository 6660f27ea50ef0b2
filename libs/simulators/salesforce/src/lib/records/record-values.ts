import { FieldValue } from '../schema/field-definition';
import { RecordStore } from './record-store';
import { SObjectRecord } from './sobject-record';

/**
 * A field's value as clients read it. PricebookEntry's Name and ProductCode come from its
 * product at read time, as on the platform.
 */
export function readFieldValue(
  store: RecordStore,
  record: SObjectRecord,
  fieldName: string,
): FieldValue {
  if (record.type === 'PricebookEntry' && (fieldName === 'Name' || fieldName === 'ProductCode')) {
    const productId = record.values['Product2Id'];
    const product = typeof productId === 'string' ? store.get(productId) : undefined;
    return product?.values[fieldName] ?? null;
  }
  return record.values[fieldName] ?? null;
}

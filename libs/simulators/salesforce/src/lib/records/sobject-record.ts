import { FieldValue } from '../schema/field-definition';

/** A stored record: its field values by canonical API name, plus the platform's bookkeeping. */
export interface SObjectRecord {
  type: string;
  id: string;
  values: Record<string, FieldValue>;
  createdAt: number;
  /** SystemModstamp in epoch ms (what `updated` and polling compare). */
  modstamp: number;
  /** Set while the record is in the recycle bin. */
  deletedAt: number | null;
}

export type ChangeType = 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';

/** One committed change, the input of Change Data Capture. */
export interface RecordChange {
  entityName: string;
  recordId: string;
  changeType: ChangeType;
  changedFields: string[];
  /** Field values the change event carries (all set fields on create, changed ones on update). */
  fields: Record<string, FieldValue>;
  commitTimestamp: number;
}

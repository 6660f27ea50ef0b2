export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'url'
  | 'picklist'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency'
  | 'date'
  | 'datetime'
  | 'reference';

export type FieldValue = string | number | boolean | null;

/** One field of an sObject, with the properties describe reports and DML enforces. */
export interface FieldDefinition {
  name: string;
  label: string;
  type: FieldType;
  /** Maximum length of text fields. */
  length?: number;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  /** Filled by the platform when the create leaves it out (defaults, system fields). */
  defaultedOnCreate?: boolean;
  defaultValue?: FieldValue;
  externalId?: boolean;
  unique?: boolean;
  custom?: boolean;
  /** Computed by the platform (Contact.Name, PricebookEntry.Name); never written. */
  calculated?: boolean;
  referenceTo?: string;
  relationshipName?: string;
  /** Deleting the parent deletes this child (Contact of an Account, entries of a product). */
  cascadeDelete?: boolean;
  /** Set on create only (PricebookEntry's Product2Id and Pricebook2Id). */
  createOnly?: boolean;
  picklistValues?: string[];
}

/** Salesforce rejects a create missing these: not nillable, createable, not defaulted. */
export function isRequiredOnCreate(field: FieldDefinition): boolean {
  return (
    field.createable && !field.nillable && !field.defaultedOnCreate && field.type !== 'boolean'
  );
}

import { KEY_PREFIXES } from '../ids/salesforce-id';
import { FieldDefinition, FieldType } from './field-definition';

/** An sObject type as the simulator knows it (the standard part; custom fields come per org). */
export interface SObjectDefinition {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDefinition[];
}

interface FieldOptions {
  length?: number;
  required?: boolean;
  readOnly?: boolean;
  defaultValue?: FieldDefinition['defaultValue'];
  picklist?: string[];
}

function field(name: string, type: FieldType, options: FieldOptions = {}): FieldDefinition {
  const readOnly = options.readOnly ?? false;
  return {
    name,
    label: name.replace(/([a-z])([A-Z])/g, '$1 $2'),
    type,
    ...(options.length === undefined ? {} : { length: options.length }),
    nillable: !(options.required ?? false) && type !== 'boolean',
    createable: !readOnly,
    updateable: !readOnly,
    ...(options.defaultValue === undefined
      ? {}
      : { defaultValue: options.defaultValue, defaultedOnCreate: true }),
    ...(options.picklist ? { picklistValues: options.picklist } : {}),
  };
}

const text = (name: string, length = 255, options: FieldOptions = {}): FieldDefinition =>
  field(name, 'string', { length, ...options });

function reference(
  name: string,
  referenceTo: string,
  relationshipName: string,
  options: Partial<FieldDefinition> = {},
): FieldDefinition {
  return { ...field(name, 'reference', { length: 18 }), referenceTo, relationshipName, ...options };
}

/** Fields every object has; the platform maintains them. */
function systemFields(): FieldDefinition[] {
  const system = (name: string, type: FieldType): FieldDefinition => ({
    ...field(name, type, { readOnly: true }),
    nillable: false,
    defaultedOnCreate: true,
  });
  return [
    { ...system('Id', 'id'), length: 18 },
    system('IsDeleted', 'boolean'),
    system('CreatedDate', 'datetime'),
    { ...system('CreatedById', 'reference'), referenceTo: 'User', relationshipName: 'CreatedBy' },
    system('LastModifiedDate', 'datetime'),
    {
      ...system('LastModifiedById', 'reference'),
      referenceTo: 'User',
      relationshipName: 'LastModifiedBy',
    },
    system('SystemModstamp', 'datetime'),
  ];
}

function address(prefix: string): FieldDefinition[] {
  return [
    field(`${prefix}Street`, 'textarea', { length: 255 }),
    text(`${prefix}City`, 40),
    text(`${prefix}State`, 80),
    text(`${prefix}PostalCode`, 20),
    text(`${prefix}Country`, 80),
  ];
}

const owner = (): FieldDefinition => ({
  ...reference('OwnerId', 'User', 'Owner'),
  nillable: false,
  defaultedOnCreate: true,
});

export const ACCOUNT: SObjectDefinition = {
  name: 'Account',
  label: 'Account',
  labelPlural: 'Accounts',
  keyPrefix: KEY_PREFIXES.Account,
  fields: [
    ...systemFields(),
    text('Name', 255, { required: true }),
    text('AccountNumber', 40),
    field('Type', 'picklist', {
      length: 255,
      picklist: ['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner', 'Other'],
    }),
    field('Industry', 'picklist', { length: 255 }),
    field('Phone', 'phone', { length: 40 }),
    field('Fax', 'phone', { length: 40 }),
    field('Website', 'url', { length: 255 }),
    field('Description', 'textarea', { length: 32000 }),
    ...address('Billing'),
    ...address('Shipping'),
    field('NumberOfEmployees', 'int'),
    field('AnnualRevenue', 'currency'),
    owner(),
  ],
};

export const CONTACT: SObjectDefinition = {
  name: 'Contact',
  label: 'Contact',
  labelPlural: 'Contacts',
  keyPrefix: KEY_PREFIXES.Contact,
  fields: [
    ...systemFields(),
    reference('AccountId', 'Account', 'Account', { cascadeDelete: true }),
    text('FirstName', 40),
    text('LastName', 80, { required: true }),
    { ...text('Name', 121, { readOnly: true }), calculated: true },
    field('Email', 'email', { length: 80 }),
    field('Phone', 'phone', { length: 40 }),
    field('MobilePhone', 'phone', { length: 40 }),
    text('Title', 128),
    ...address('Mailing'),
    field('Description', 'textarea', { length: 32000 }),
    owner(),
  ],
};

export const PRODUCT2: SObjectDefinition = {
  name: 'Product2',
  label: 'Product',
  labelPlural: 'Products',
  keyPrefix: KEY_PREFIXES.Product2,
  fields: [
    ...systemFields(),
    text('Name', 255, { required: true }),
    text('ProductCode', 255),
    field('Description', 'textarea', { length: 4000 }),
    field('IsActive', 'boolean', { defaultValue: false }),
    field('Family', 'picklist', { length: 255 }),
    text('StockKeepingUnit', 180),
    field('QuantityUnitOfMeasure', 'picklist', { length: 255 }),
  ],
};

export const PRICEBOOK2: SObjectDefinition = {
  name: 'Pricebook2',
  label: 'Price Book',
  labelPlural: 'Price Books',
  keyPrefix: KEY_PREFIXES.Pricebook2,
  fields: [
    ...systemFields(),
    text('Name', 255, { required: true }),
    field('IsActive', 'boolean', { defaultValue: false }),
    { ...field('IsStandard', 'boolean', { readOnly: true }), defaultedOnCreate: true },
    field('Description', 'textarea', { length: 255 }),
  ],
};

export const PRICEBOOK_ENTRY: SObjectDefinition = {
  name: 'PricebookEntry',
  label: 'Price Book Entry',
  labelPlural: 'Price Book Entries',
  keyPrefix: KEY_PREFIXES.PricebookEntry,
  fields: [
    ...systemFields(),
    {
      ...reference('Pricebook2Id', 'Pricebook2', 'Pricebook2', { cascadeDelete: true }),
      nillable: false,
      updateable: false,
      createOnly: true,
    },
    {
      ...reference('Product2Id', 'Product2', 'Product2', { cascadeDelete: true }),
      nillable: false,
      updateable: false,
      createOnly: true,
    },
    { ...text('Name', 255, { readOnly: true }), calculated: true },
    { ...text('ProductCode', 255, { readOnly: true }), calculated: true },
    { ...field('UnitPrice', 'currency'), nillable: false },
    field('IsActive', 'boolean', { defaultValue: false }),
    field('UseStandardPrice', 'boolean', { defaultValue: false }),
  ],
};

export const STANDARD_OBJECTS: readonly SObjectDefinition[] = [
  ACCOUNT,
  CONTACT,
  PRODUCT2,
  PRICEBOOK2,
  PRICEBOOK_ENTRY,
];

/** The custom external-id field the Concord connector upserts by. */
export const CONCORD_ID_FIELD = 'Concord_Id__c';

/** Objects that carry `Concord_Id__c` unless an org is configured otherwise. */
export const DEFAULT_CONCORD_ID_OBJECTS: readonly string[] = [
  'Account',
  'Contact',
  'Product2',
  'PricebookEntry',
];

export function concordIdField(): FieldDefinition {
  return {
    name: CONCORD_ID_FIELD,
    label: 'Concord Id',
    type: 'string',
    length: 255,
    nillable: true,
    createable: true,
    updateable: true,
    externalId: true,
    unique: true,
    custom: true,
  };
}

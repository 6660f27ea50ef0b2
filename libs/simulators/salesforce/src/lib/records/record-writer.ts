import { DmlError } from '../http/salesforce-api.error';
import { formatSalesforceDateTime } from '../ids/salesforce-datetime';
import { SalesforceIdFactory } from '../ids/salesforce-id';
import { FieldValue, isRequiredOnCreate } from '../schema/field-definition';
import { OrgSchema, SObjectSchema } from '../schema/org-schema';
import { DmlTransaction } from './dml-transaction';
import { coerceRecordInput } from './record-input';
import { RecordStore } from './record-store';
import { ChangeType, SObjectRecord } from './sobject-record';

export interface RecordWriterDependencies {
  schema: OrgSchema;
  store: RecordStore;
  ids: SalesforceIdFactory;
  pod: string;
  userId: string;
  standardPricebookId: () => string | undefined;
}

export interface UpsertResult {
  id: string;
  created: boolean;
}

/** Fields a change event leaves out of the payload (the header carries the id). */
const NOT_IN_EVENTS = new Set(['Id', 'IsDeleted', 'SystemModstamp']);

/** The org's one write path: create, update, delete (with cascades) and upsert, undoable. */
export class RecordWriter {
  constructor(private readonly deps: RecordWriterDependencies) {}

  create(tx: DmlTransaction, schema: SObjectSchema, input: Record<string, unknown>): string {
    const values = this.coerce(schema, input, 'create');
    for (const field of schema.fields) {
      if (field.name in values) continue;
      if (field.defaultValue !== undefined) values[field.name] = field.defaultValue;
      else if (isRequiredOnCreate(field)) {
        throw new DmlError(
          'REQUIRED_FIELD_MISSING',
          `Required fields are missing: [${field.name}]`,
          [field.name],
        );
      }
    }
    if (schema.name === 'PricebookEntry') this.checkPriceEntry(values);
    const id = this.deps.ids.next(schema.keyPrefix, this.deps.pod);
    const stamp = formatSalesforceDateTime(tx.now);
    Object.assign(values, {
      Id: id,
      IsDeleted: false,
      CreatedDate: stamp,
      CreatedById: this.deps.userId,
      LastModifiedDate: stamp,
      LastModifiedById: this.deps.userId,
      SystemModstamp: stamp,
    });
    if (schema.field('OwnerId') && !values['OwnerId']) values['OwnerId'] = this.deps.userId;
    if (schema.name === 'Contact') values['Name'] = contactName(values);
    if (schema.name === 'Pricebook2') values['IsStandard'] = false;
    const record: SObjectRecord = {
      type: schema.name,
      id,
      values,
      createdAt: tx.now,
      modstamp: tx.now,
      deletedAt: null,
    };
    this.checkUnique(schema, record);
    this.deps.store.put(record, uniqueFields(schema));
    tx.onUndo(() => this.deps.store.drop(record, uniqueFields(schema)));
    this.recordChange(tx, record, 'CREATE', [], eventFields(values));
    return id;
  }

  update(
    tx: DmlTransaction,
    schema: SObjectSchema,
    id: string,
    input: Record<string, unknown>,
  ): void {
    const existing = this.live(schema, id);
    const changes = this.coerce(schema, input, 'update');
    const values = { ...existing.values, ...changes };
    if (schema.name === 'Contact') values['Name'] = contactName(values);
    const changed = Object.keys(values).filter((name) => values[name] !== existing.values[name]);
    const stamp = formatSalesforceDateTime(tx.now);
    Object.assign(values, {
      LastModifiedDate: stamp,
      LastModifiedById: this.deps.userId,
      SystemModstamp: stamp,
    });
    const record: SObjectRecord = { ...existing, values, modstamp: tx.now };
    this.checkUnique(schema, record);
    this.replace(tx, schema, existing, record);
    const changedFields = [...changed, 'LastModifiedDate'];
    const payload: Record<string, FieldValue> = {};
    for (const name of changedFields) payload[name] = values[name] ?? null;
    this.recordChange(tx, record, 'UPDATE', changedFields, payload);
  }

  delete(tx: DmlTransaction, schema: SObjectSchema, id: string): void {
    const existing = this.live(schema, id);
    if (schema.name === 'Pricebook2' && existing.values['IsStandard'] === true) {
      throw new DmlError('DELETE_FAILED', 'You cannot delete the standard price book.');
    }
    for (const child of this.cascadeChildren(existing)) {
      const childSchema = this.deps.schema.sobject(child.type);
      if (childSchema && child.deletedAt === null) this.delete(tx, childSchema, child.id);
    }
    const record: SObjectRecord = {
      ...existing,
      values: { ...existing.values, IsDeleted: true },
      deletedAt: tx.now,
      modstamp: tx.now,
    };
    record.values['SystemModstamp'] = formatSalesforceDateTime(tx.now);
    this.replace(tx, schema, existing, record);
    this.recordChange(tx, record, 'DELETE', [], {});
  }

  /** Restores a record from the recycle bin (what a user does in the UI; REST has no call). */
  undelete(tx: DmlTransaction, schema: SObjectSchema, id: string): void {
    const existing = this.deps.store.get(id);
    if (!existing || existing.type !== schema.name) throw notFound();
    if (existing.deletedAt === null) {
      throw new DmlError('UNDELETE_FAILED', 'Entity is not in the recycle bin');
    }
    const stamp = formatSalesforceDateTime(tx.now);
    const values = {
      ...existing.values,
      IsDeleted: false,
      LastModifiedDate: stamp,
      LastModifiedById: this.deps.userId,
      SystemModstamp: stamp,
    };
    const record: SObjectRecord = { ...existing, values, deletedAt: null, modstamp: tx.now };
    this.checkUnique(schema, record);
    this.replace(tx, schema, existing, record);
    this.recordChange(tx, record, 'UNDELETE', [], eventFields(values));
  }

  upsert(
    tx: DmlTransaction,
    schema: SObjectSchema,
    externalIdField: string,
    externalId: string,
    input: Record<string, unknown>,
  ): UpsertResult {
    const field = schema.field(externalIdField);
    if (!field || !(field.externalId || field.name === 'Id')) {
      throw new DmlError(
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${externalIdField}`,
        [],
        404,
      );
    }
    const body = withoutKey(input, field.name);
    const existing =
      field.name === 'Id'
        ? this.deps.store.get(externalId)
        : this.deps.store.findUnique(schema.name, field.name, externalId);
    if (existing && existing.deletedAt === null && existing.type === schema.name) {
      this.update(tx, schema, existing.id, body);
      return { id: existing.id, created: false };
    }
    if (field.name === 'Id') throw notFound();
    return { id: this.create(tx, schema, { ...body, [field.name]: externalId }), created: true };
  }

  /** The record of this type with this id, not deleted, or NOT_FOUND / ENTITY_IS_DELETED. */
  live(schema: SObjectSchema, id: string): SObjectRecord {
    const record = this.deps.store.get(id);
    if (!record || record.type !== schema.name) throw notFound();
    if (record.deletedAt !== null) {
      throw new DmlError('ENTITY_IS_DELETED', 'entity is deleted', [], 404);
    }
    return record;
  }

  private coerce(
    schema: SObjectSchema,
    input: Record<string, unknown>,
    mode: 'create' | 'update',
  ): Record<string, FieldValue> {
    return coerceRecordInput(this.deps.schema, schema, input, mode, (id) =>
      this.deps.store.get(id),
    );
  }

  private replace(
    tx: DmlTransaction,
    schema: SObjectSchema,
    previous: SObjectRecord,
    next: SObjectRecord,
  ): void {
    this.deps.store.put(next, uniqueFields(schema));
    tx.onUndo(() => this.deps.store.put(previous, uniqueFields(schema)));
  }

  private checkUnique(schema: SObjectSchema, record: SObjectRecord): void {
    for (const name of uniqueFields(schema)) {
      const value = record.values[name];
      if (typeof value !== 'string' || value === '') continue;
      const other = this.deps.store.findUnique(schema.name, name, value);
      if (other && other.id !== record.id) {
        throw new DmlError(
          'DUPLICATE_VALUE',
          `duplicate value found: ${name} duplicates value on record with id: ${other.id}`,
        );
      }
    }
  }

  private checkPriceEntry(values: Record<string, FieldValue>): void {
    const standardId = this.deps.standardPricebookId();
    const product = values['Product2Id'];
    const entries = [...this.deps.store.ofType('PricebookEntry')].filter(
      (entry) => entry.deletedAt === null && entry.values['Product2Id'] === product,
    );
    if (entries.some((entry) => entry.values['Pricebook2Id'] === values['Pricebook2Id'])) {
      throw new DmlError(
        'DUPLICATE_VALUE',
        'This price definition already exists in this price book',
      );
    }
    if (
      values['Pricebook2Id'] !== standardId &&
      !entries.some((entry) => entry.values['Pricebook2Id'] === standardId)
    ) {
      throw new DmlError(
        'FIELD_INTEGRITY_EXCEPTION',
        'Before creating a custom price, create a standard price.',
        ['Pricebook2Id'],
      );
    }
  }

  private cascadeChildren(parent: SObjectRecord): SObjectRecord[] {
    const children: SObjectRecord[] = [];
    for (const schema of this.deps.schema.all()) {
      for (const field of schema.fields) {
        if (!field.cascadeDelete || field.referenceTo !== parent.type) continue;
        for (const record of this.deps.store.ofType(schema.name)) {
          if (record.deletedAt === null && record.values[field.name] === parent.id) {
            children.push(record);
          }
        }
      }
    }
    return children;
  }

  private recordChange(
    tx: DmlTransaction,
    record: SObjectRecord,
    changeType: ChangeType,
    changedFields: string[],
    fields: Record<string, FieldValue>,
  ): void {
    tx.record({
      entityName: record.type,
      recordId: record.id,
      changeType,
      changedFields,
      fields,
      commitTimestamp: tx.now,
    });
  }
}

function uniqueFields(schema: SObjectSchema): string[] {
  return schema.fields.filter((field) => field.unique).map((field) => field.name);
}

function contactName(values: Record<string, FieldValue>): string {
  return [values['FirstName'], values['LastName']].filter((part) => !!part).join(' ');
}

function eventFields(values: Record<string, FieldValue>): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && !NOT_IN_EVENTS.has(name)) fields[name] = value;
  }
  return fields;
}

function withoutKey(input: Record<string, unknown>, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(input)) {
    if (name.toLowerCase() !== key.toLowerCase()) copy[name] = value;
  }
  return copy;
}

function notFound(): DmlError {
  return new DmlError('NOT_FOUND', 'The requested resource does not exist', [], 404);
}

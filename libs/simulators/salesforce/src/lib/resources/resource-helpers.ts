import { DataRequest } from '../http/data-route';
import { DmlError, SalesforceApiError } from '../http/salesforce-api.error';
import { normalizeSalesforceId } from '../ids/salesforce-id';
import { RecordStore } from '../records/record-store';
import { readFieldValue } from '../records/record-values';
import { SObjectRecord } from '../records/sobject-record';
import { SObjectSchema } from '../schema/org-schema';

/** The sObject type named in the path, or Salesforce's NOT_FOUND for an unknown one. */
export function sobjectOf(request: DataRequest, name = request.pathParams['type']): SObjectSchema {
  const schema = request.org.schema.sobject(name ?? '');
  if (!schema) {
    throw SalesforceApiError.notFound(`The requested resource does not exist`);
  }
  return schema;
}

export function recordUrl(version: string, type: string, id: string): string {
  return `/services/data/v${version}/sobjects/${type}/${id}`;
}

/** A record as REST renders it: `attributes`, then the fields (all, or those asked for). */
export function renderRecord(
  store: RecordStore,
  schema: SObjectSchema,
  record: SObjectRecord,
  version: string,
  fieldNames?: string[],
): Record<string, unknown> {
  const rendered: Record<string, unknown> = {
    attributes: { type: schema.name, url: recordUrl(version, schema.name, record.id) },
  };
  const fields = fieldNames
    ? fieldNames.map((name) => {
        const field = schema.field(name);
        if (!field) {
          throw SalesforceApiError.badRequest(
            'INVALID_FIELD',
            `No such column '${name}' on entity '${schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
          );
        }
        return field;
      })
    : schema.fields;
  for (const field of fields) rendered[field.name] = readFieldValue(store, record, field.name);
  return rendered;
}

/** The JSON object body of a write, or Salesforce's parser error. */
export function recordBody(request: DataRequest): Record<string, unknown> {
  const body = request.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw SalesforceApiError.badRequest(
      'JSON_PARSER_ERROR',
      'Cannot deserialize instance of sObject from a non-object value',
    );
  }
  return body as Record<string, unknown>;
}

/** A record id from the path: 15 or 18 characters, checksum valid, or NOT_FOUND. */
export function pathId(value: string | undefined): string {
  const id = value === undefined ? undefined : normalizeSalesforceId(value);
  if (!id) throw SalesforceApiError.notFound();
  return id;
}

/** Runs a single-record write, answering a record error as the 400/404 error array. */
export function singleRecord<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof DmlError) throw error.toApiError();
    throw error;
  }
}

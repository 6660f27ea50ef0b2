import { DataRequest, DataResult, DataRoute } from '../http/data-route';
import { DmlError, SalesforceApiError } from '../http/salesforce-api.error';
import { normalizeSalesforceId } from '../ids/salesforce-id';
import { DmlTransaction } from '../records/dml-transaction';
import { SObjectSchema } from '../schema/org-schema';
import { recordBody, renderRecord, sobjectOf } from './resource-helpers';

export const MAX_COLLECTION_RECORDS = 200;

interface SaveResult {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
  created?: boolean;
}

const ROLLED_BACK = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message:
    'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

/** sObject Collections (`/composite/sobjects`): up to 200 records a call, per-record results. */
export class CompositeCollectionsController {
  routes(): DataRoute[] {
    return [
      { method: 'POST', pattern: '/composite/sobjects', handle: (r) => this.create(r) },
      { method: 'PATCH', pattern: '/composite/sobjects', handle: (r) => this.update(r) },
      { method: 'DELETE', pattern: '/composite/sobjects', handle: (r) => this.remove(r) },
      { method: 'POST', pattern: '/composite/sobjects/:type', handle: (r) => this.retrieve(r) },
      { method: 'GET', pattern: '/composite/sobjects/:type', handle: (r) => this.retrieve(r) },
      {
        method: 'PATCH',
        pattern: '/composite/sobjects/:type/:field',
        handle: (r) => this.upsert(r),
      },
    ];
  }

  private create(request: DataRequest): DataResult {
    const { allOrNone, records } = collectionBody(request);
    return this.run(request, records, allOrNone, (tx, record) => {
      const id = request.org.writer.create(tx, recordType(request, record), record);
      return { id, success: true, errors: [] };
    });
  }

  private update(request: DataRequest): DataResult {
    const { allOrNone, records } = collectionBody(request);
    return this.run(request, records, allOrNone, (tx, record) => {
      // jsforce sends `id`; field names are case-insensitive.
      const key = Object.keys(record).find((name) => name.toLowerCase() === 'id');
      const raw = key === undefined ? undefined : record[key];
      const id = typeof raw === 'string' ? normalizeSalesforceId(raw) : undefined;
      if (!id) throw new DmlError('MISSING_ARGUMENT', 'Id not specified in an update call');
      request.org.writer.update(tx, recordType(request, record), id, record);
      return { id, success: true, errors: [] };
    });
  }

  private remove(request: DataRequest): DataResult {
    const ids = (request.query.get('ids') ?? '').split(',').filter((id) => id !== '');
    if (ids.length === 0) {
      throw SalesforceApiError.badRequest('MISSING_ARGUMENT', 'ids parameter is required');
    }
    const allOrNone = request.query.get('allOrNone') === 'true';
    return this.run(
      request,
      ids,
      allOrNone,
      (tx, raw) => {
        const id = normalizeSalesforceId(raw);
        if (!id) throw new DmlError('MALFORMED_ID', `malformed id ${raw}`);
        const record = request.org.store.get(id);
        const schema = record ? request.org.schema.sobject(record.type) : undefined;
        if (!record || !schema) {
          throw new DmlError('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
        }
        request.org.writer.delete(tx, schema, id);
        return { id, success: true, errors: [] };
      },
      (raw) => normalizeSalesforceId(raw) ?? raw,
    );
  }

  private upsert(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const fieldName = request.pathParams['field'] ?? '';
    const field = schema.field(fieldName);
    if (!field || !field.externalId) {
      throw SalesforceApiError.notFound(
        `Provided external ID field does not exist or is not accessible: ${fieldName}`,
      );
    }
    const { allOrNone, records } = collectionBody(request);
    return this.run(request, records, allOrNone, (tx, record) => {
      const key = Object.keys(record).find(
        (name) => name.toLowerCase() === field.name.toLowerCase(),
      );
      const value = key === undefined ? undefined : record[key];
      if (typeof value !== 'string' && typeof value !== 'number') {
        throw new DmlError('MISSING_ARGUMENT', `${field.name} not specified`, [field.name]);
      }
      recordType(request, record, schema);
      const result = request.org.writer.upsert(tx, schema, field.name, String(value), record);
      return { id: result.id, success: true, errors: [], created: result.created };
    });
  }

  /** `ids` and `fields` in the body (POST) or the query (GET); a missing record is `null`. */
  private retrieve(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const source =
      request.method === 'POST'
        ? recordBody(request)
        : {
            ids: request.query.get('ids')?.split(','),
            fields: request.query.get('fields')?.split(','),
          };
    const ids = Array.isArray(source['ids']) ? source['ids'].map(String) : [];
    const fields = Array.isArray(source['fields']) ? source['fields'].map(String) : [];
    if (ids.length === 0 || fields.length === 0) {
      throw SalesforceApiError.badRequest('MISSING_ARGUMENT', 'ids and fields are required');
    }
    if (ids.length > 2000) {
      throw SalesforceApiError.badRequest('EXCEEDED_ID_LIMIT', 'too many ids (2000 at most)');
    }
    const records = ids.map((raw) => {
      const record = request.org.store.get(normalizeSalesforceId(raw) ?? '');
      if (!record || record.deletedAt !== null || record.type !== schema.name) return null;
      return renderRecord(request.org.store, schema, record, request.version, fields);
    });
    return { status: 200, body: records };
  }

  /** Each item in its own savepoint; with allOrNone one failure rolls back every item. */
  private run<T>(
    request: DataRequest,
    items: T[],
    allOrNone: boolean,
    work: (tx: DmlTransaction, item: T) => SaveResult,
    idOf?: (item: T) => string,
  ): DataResult {
    if (items.length > MAX_COLLECTION_RECORDS) {
      throw SalesforceApiError.badRequest(
        'EXCEEDED_ID_LIMIT',
        `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`,
      );
    }
    const results = request.commit((tx) => {
      const start = tx.savepoint();
      let failed = false;
      const outcomes = items.map((item): SaveResult => {
        const savepoint = tx.savepoint();
        try {
          return work(tx, item);
        } catch (error) {
          if (!(error instanceof DmlError)) throw error;
          tx.rollbackTo(savepoint);
          failed = true;
          return {
            ...(idOf ? { id: idOf(item) } : {}),
            success: false,
            errors: [error.toResultError()],
          };
        }
      });
      if (!allOrNone || !failed) return outcomes;
      tx.rollbackTo(start);
      return outcomes.map((outcome, index): SaveResult =>
        outcome.success
          ? { ...(idOf ? { id: idOf(items[index]) } : {}), success: false, errors: [ROLLED_BACK] }
          : outcome,
      );
    });
    return { status: 200, body: results };
  }
}

function collectionBody(request: DataRequest): {
  allOrNone: boolean;
  records: Record<string, unknown>[];
} {
  const body = recordBody(request);
  const records = body['records'];
  if (!Array.isArray(records)) {
    throw SalesforceApiError.badRequest('JSON_PARSER_ERROR', 'records must be an array');
  }
  if (records.length > MAX_COLLECTION_RECORDS) {
    throw SalesforceApiError.badRequest(
      'EXCEEDED_ID_LIMIT',
      `record limit reached. cannot submit more than ${MAX_COLLECTION_RECORDS} records into this call`,
    );
  }
  return {
    allOrNone: body['allOrNone'] === true,
    records: records.map((record: unknown) =>
      typeof record === 'object' && record !== null && !Array.isArray(record)
        ? (record as Record<string, unknown>)
        : {},
    ),
  };
}

/** A collection record names its type in `attributes.type`. */
function recordType(
  request: DataRequest,
  record: Record<string, unknown>,
  expected?: SObjectSchema,
): SObjectSchema {
  const attributes = record['attributes'];
  const type =
    typeof attributes === 'object' && attributes !== null
      ? (attributes as Record<string, unknown>)['type']
      : undefined;
  if (typeof type !== 'string' || type === '') {
    if (expected) return expected;
    throw new DmlError('INVALID_TYPE', 'Must send a concrete entity type.');
  }
  const schema = request.org.schema.sobject(type);
  if (!schema) throw new DmlError('INVALID_TYPE', `sObject type '${type}' is not supported.`);
  if (expected && schema.name !== expected.name) {
    throw new DmlError('INVALID_TYPE', `Record type ${type} does not match ${expected.name}`);
  }
  return schema;
}

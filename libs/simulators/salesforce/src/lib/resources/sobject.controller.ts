import { DataRequest, DataResult, DataRoute } from '../http/data-route';
import { SalesforceApiError } from '../http/salesforce-api.error';
import { normalizeSalesforceId } from '../ids/salesforce-id';
import { pathId, recordBody, renderRecord, singleRecord, sobjectOf } from './resource-helpers';

/** Single records: create, retrieve, update, delete, and upsert or read by an external id. */
export class SObjectController {
  routes(): DataRoute[] {
    return [
      { method: 'POST', pattern: '/sobjects/:type', handle: (r) => this.create(r) },
      { method: 'GET', pattern: '/sobjects/:type/:id', handle: (r) => this.retrieve(r) },
      { method: 'PATCH', pattern: '/sobjects/:type/:id', handle: (r) => this.update(r) },
      { method: 'DELETE', pattern: '/sobjects/:type/:id', handle: (r) => this.remove(r) },
      {
        method: 'GET',
        pattern: '/sobjects/:type/:field/:value',
        handle: (r) => this.byExternalId(r),
      },
      { method: 'PATCH', pattern: '/sobjects/:type/:field/:value', handle: (r) => this.upsert(r) },
      {
        method: 'DELETE',
        pattern: '/sobjects/:type/:field/:value',
        handle: (r) => this.removeByExternalId(r),
      },
    ];
  }

  private create(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const body = recordBody(request);
    const id = singleRecord(() =>
      request.commit((tx) => request.org.writer.create(tx, schema, body)),
    );
    return { status: 201, body: { id, success: true, errors: [] } };
  }

  private retrieve(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const id = pathId(request.pathParams['id']);
    const record = singleRecord(() => request.org.writer.live(schema, id));
    const fields = request.query.get('fields');
    return {
      status: 200,
      body: renderRecord(
        request.org.store,
        schema,
        record,
        request.version,
        fields ? fields.split(',').map((name) => name.trim()) : undefined,
      ),
    };
  }

  private update(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const id = pathId(request.pathParams['id']);
    const body = recordBody(request);
    singleRecord(() => request.commit((tx) => request.org.writer.update(tx, schema, id, body)));
    return { status: 204 };
  }

  private remove(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const id = pathId(request.pathParams['id']);
    singleRecord(() => request.commit((tx) => request.org.writer.delete(tx, schema, id)));
    return { status: 204 };
  }

  /** PATCH by external id: 201 `{created: true}` when new, 200 `{created: false}` otherwise (v46+). */
  private upsert(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const body = recordBody(request);
    const field = request.pathParams['field'] ?? '';
    const value = request.pathParams['value'] ?? '';
    const result = singleRecord(() =>
      request.commit((tx) => request.org.writer.upsert(tx, schema, field, value, body)),
    );
    if (!result.created && Number(request.version) < 46) return { status: 204 };
    return {
      status: result.created ? 201 : 200,
      body: { id: result.id, success: true, errors: [], created: result.created },
    };
  }

  private byExternalId(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const record = this.findByExternalId(request);
    return { status: 200, body: renderRecord(request.org.store, schema, record, request.version) };
  }

  private removeByExternalId(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    const record = this.findByExternalId(request);
    singleRecord(() => request.commit((tx) => request.org.writer.delete(tx, schema, record.id)));
    return { status: 204 };
  }

  private findByExternalId(request: DataRequest) {
    const schema = sobjectOf(request);
    const fieldName = request.pathParams['field'] ?? '';
    const value = request.pathParams['value'] ?? '';
    const field = schema.field(fieldName);
    if (!field || !(field.externalId || field.name === 'Id')) {
      throw SalesforceApiError.notFound(
        `Provided external ID field does not exist or is not accessible: ${fieldName}`,
      );
    }
    const record =
      field.name === 'Id'
        ? request.org.store.get(normalizeSalesforceId(value) ?? '')
        : request.org.store.findUnique(schema.name, field.name, value);
    if (!record || record.deletedAt !== null || record.type !== schema.name) {
      throw SalesforceApiError.notFound();
    }
    return record;
  }
}

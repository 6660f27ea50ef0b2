import { DataRequest, DataResult, DataRoute } from '../http/data-route';
import { SObjectSchema } from '../schema/org-schema';
import { sobjectOf } from './resource-helpers';

/** The org's resources, describeGlobal, an object's basic info and its describe, and /limits. */
export class DescribeController {
  routes(): DataRoute[] {
    return [
      { method: 'GET', pattern: '', handle: (r) => this.resources(r) },
      { method: 'GET', pattern: '/sobjects', handle: (r) => this.describeGlobal(r) },
      { method: 'GET', pattern: '/sobjects/:type', handle: (r) => this.basicInfo(r) },
      { method: 'GET', pattern: '/sobjects/:type/describe', handle: (r) => this.describe(r) },
      { method: 'GET', pattern: '/limits', handle: (r) => this.limits(r) },
    ];
  }

  private resources(request: DataRequest): DataResult {
    const base = `/services/data/v${request.version}`;
    const names = ['sobjects', 'query', 'queryAll', 'limits', 'composite'];
    return {
      status: 200,
      body: Object.fromEntries(names.map((name) => [name, `${base}/${name}`])),
    };
  }

  private describeGlobal(request: DataRequest): DataResult {
    return {
      status: 200,
      body: {
        encoding: 'UTF-8',
        maxBatchSize: 200,
        sobjects: request.org.schema.all().map((schema) => summary(schema, request.version)),
      },
    };
  }

  private basicInfo(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    return {
      status: 200,
      body: { objectDescribe: summary(schema, request.version), recentItems: [] },
    };
  }

  private describe(request: DataRequest): DataResult {
    const schema = sobjectOf(request);
    return {
      status: 200,
      body: {
        ...summary(schema, request.version),
        fields: schema.fields.map((field) => ({
          name: field.name,
          label: field.label,
          type: field.type,
          length: field.length ?? 0,
          nillable: field.nillable,
          createable: field.createable,
          updateable: field.updateable,
          defaultedOnCreate: field.defaultedOnCreate ?? false,
          defaultValue: field.defaultValue ?? null,
          externalId: field.externalId ?? false,
          unique: field.unique ?? false,
          idLookup: field.name === 'Id' || (field.externalId ?? false),
          custom: field.custom ?? false,
          calculated: field.calculated ?? false,
          referenceTo: field.referenceTo ? [field.referenceTo] : [],
          relationshipName: field.relationshipName ?? null,
          cascadeDelete: field.cascadeDelete ?? false,
          picklistValues: (field.picklistValues ?? []).map((value) => ({
            active: true,
            defaultValue: false,
            label: value,
            value,
          })),
        })),
      },
    };
  }

  private limits(request: DataRequest): DataResult {
    const max = request.org.settings.dailyApiLimit;
    const used = request.org.usage.used(request.now);
    return {
      status: 200,
      body: {
        DailyApiRequests: { Max: max, Remaining: Math.max(0, max - used) },
        DailyDurableStreamingApiEvents: { Max: 1_000_000, Remaining: 1_000_000 },
        DataStorageMB: { Max: 5, Remaining: 5 },
      },
    };
  }
}

function summary(schema: SObjectSchema, version: string): Record<string, unknown> {
  const base = `/services/data/v${version}/sobjects/${schema.name}`;
  return {
    name: schema.name,
    label: schema.label,
    labelPlural: schema.labelPlural,
    keyPrefix: schema.keyPrefix,
    custom: false,
    createable: true,
    updateable: true,
    deletable: true,
    queryable: true,
    replicateable: true,
    retrieveable: true,
    urls: { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` },
  };
}

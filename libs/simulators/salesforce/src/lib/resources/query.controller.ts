import { headerValue } from '@concord/simulators/core';

import { DataRequest, DataResult, DataRoute } from '../http/data-route';
import { SalesforceApiError } from '../http/salesforce-api.error';
import { executeSoql } from '../soql/soql.evaluator';
import { parseSoql } from '../soql/soql.parser';
import { SoqlQueryError } from '../soql/soql-query.error';

export const DEFAULT_QUERY_BATCH_SIZE = 2000;
export const MIN_QUERY_BATCH_SIZE = 200;

/** `/query` and `/queryAll` (SOQL), and their `nextRecordsUrl` pages. */
export class QueryController {
  routes(): DataRoute[] {
    return [
      { method: 'GET', pattern: '/query', handle: (r) => this.query(r, false) },
      { method: 'GET', pattern: '/queryAll', handle: (r) => this.query(r, true) },
      { method: 'GET', pattern: '/query/:locator', handle: (r) => this.more(r, 'query') },
      { method: 'GET', pattern: '/queryAll/:locator', handle: (r) => this.more(r, 'queryAll') },
    ];
  }

  private query(request: DataRequest, includeDeleted: boolean): DataResult {
    const soql = request.query.get('q');
    if (soql === null || soql.trim() === '') {
      throw SalesforceApiError.malformedQuery('A query string (q) is required');
    }
    let result;
    try {
      result = executeSoql(parseSoql(soql), {
        schema: request.org.schema,
        store: request.org.store,
        version: request.version,
        now: request.now,
        includeDeleted,
      });
    } catch (error) {
      if (error instanceof SoqlQueryError) {
        throw SalesforceApiError.badRequest(error.errorCode, error.render(soql));
      }
      throw error;
    }
    const page = request.org.cursors.open(
      result.records,
      result.totalSize,
      batchSize(request),
      request.now,
      `/services/data/v${request.version}/${includeDeleted ? 'queryAll' : 'query'}`,
    );
    return { status: 200, body: page };
  }

  private more(request: DataRequest, resource: 'query' | 'queryAll'): DataResult {
    const match = /^(.+)-(\d+)$/.exec(request.pathParams['locator'] ?? '');
    const page = match
      ? request.org.cursors.page(
          match[1],
          Number(match[2]),
          request.now,
          `/services/data/v${request.version}/${resource}`,
        )
      : undefined;
    if (!page) {
      throw SalesforceApiError.badRequest('INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    return { status: 200, body: page };
  }
}

/** `Sforce-Query-Options: batchSize=N`, clamped to 200..2000 as Salesforce does. */
function batchSize(request: DataRequest): number {
  const header = headerValue(request.headers, 'sforce-query-options') ?? '';
  const match = /batchSize\s*=\s*(\d+)/i.exec(header);
  if (!match) return DEFAULT_QUERY_BATCH_SIZE;
  return Math.min(DEFAULT_QUERY_BATCH_SIZE, Math.max(MIN_QUERY_BATCH_SIZE, Number(match[1])));
}

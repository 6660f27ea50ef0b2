import type { ExternalCallContext } from '@concord/connector-kit';

import type { SalesforceRecord } from '../mappers/salesforce-record';
import type { SalesforceClient } from '../salesforce/salesforce-client';

interface QueryPage {
  records: SalesforceRecord[];
  done: boolean;
  nextRecordsUrl?: string;
}

export interface QueryOptions {
  /** `/queryAll`: deleted records too (`IsDeleted = true`). */
  includeDeleted?: boolean;
  /** `Sforce-Query-Options: batchSize` (200..2000). */
  batchSize?: number;
}

/**
 * Every record a SOQL query answers, page by page through `nextRecordsUrl`, each page one call
 * under the kit's budget (`ctx.call`), so a listing never holds more than a page.
 */
export async function* queryRecords(
  ctx: ExternalCallContext<SalesforceClient>,
  step: string,
  soql: string,
  options: QueryOptions = {},
): AsyncGenerator<SalesforceRecord> {
  const resource = options.includeDeleted ? 'queryAll' : 'query';
  const headers = options.batchSize
    ? { 'Sforce-Query-Options': `batchSize=${options.batchSize}` }
    : undefined;
  let path: string | undefined = `/${resource}?q=${encodeURIComponent(soql)}`;
  while (path) {
    const current: string = path;
    const page: QueryPage = await ctx.call(step, () =>
      ctx.client.request<QueryPage>({ method: 'GET', path: current, headers }),
    );
    for (const record of page.records) yield record;
    path = page.done ? undefined : page.nextRecordsUrl;
  }
}

/** A query's records as an array (for the small, bounded queries of a poll). */
export async function queryAllRecords(
  ctx: ExternalCallContext<SalesforceClient>,
  step: string,
  soql: string,
  options: QueryOptions = {},
): Promise<SalesforceRecord[]> {
  const records: SalesforceRecord[] = [];
  for await (const record of queryRecords(ctx, step, soql, options)) records.push(record);
  return records;
}

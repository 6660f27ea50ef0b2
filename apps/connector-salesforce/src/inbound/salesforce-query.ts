import type { ExternalCallContext } from '@concord/connector-kit';

import type { SalesforceRecord } from '../mappers/salesforce-record';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { soqlIdList } from './soql';

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

/** Ids per IN list: one query stays well under SOQL's length limit. */
const ID_CHUNK = 200;

/**
 * The records with these ids (deleted ones too), 200 ids a query, in the order of `ids`; `soql`
 * makes a query of an IN list (`('001…','001…')`).
 */
export async function recordsById(
  ctx: ExternalCallContext<SalesforceClient>,
  step: string,
  ids: readonly string[],
  soql: (idList: string) => string,
): Promise<SalesforceRecord[]> {
  const records: SalesforceRecord[] = [];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const idList = soqlIdList(ids.slice(i, i + ID_CHUNK));
    records.push(...(await queryAllRecords(ctx, step, soql(idList), { includeDeleted: true })));
  }
  const order = new Map(ids.map((id, index) => [id, index]));
  return records.sort((a, b) => (order.get(a.Id) ?? 0) - (order.get(b.Id) ?? 0));
}

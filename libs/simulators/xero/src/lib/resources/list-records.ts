import { headerValue } from '@concord/simulators/core';

import { parseXeroDate } from '../http/ms-date';
import { queryList, queryParam } from '../http/query-params';
import { XeroApiError } from '../http/xero-api.error';
import { XeroRequestContext, XeroResult } from '../http/xero-route';
import { parseOrder } from '../where/order-clause';
import { compareFieldValues, matchesWhere, readPath } from '../where/where-evaluator';
import { parseWhere } from '../where/where-parser';
import { WhereQueryError } from '../where/where-query.error';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** How one resource is listed. */
export interface ListSpec {
  /** The type name in Xero's query errors (`Contact`). */
  typeName: string;
  collection: string;
  /** Fields `where` and `order` may name (dotted for nested ones). */
  fields: ReadonlySet<string>;
  idField: string;
  /** Whether `IDs=` filters this resource. */
  filtersByIds: boolean;
  /** Whether `page` and `pageSize` apply (Items are never paged). */
  paged: boolean;
  /** The shape of a record in an unpaged list (Invoices leave out their line items). */
  unpagedView?: (record: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * GET on a collection: `IDs`, the `If-Modified-Since` header, `where`, `order`, then `page`
 * (100 a page, or `pageSize` up to 1000) with Xero's `pagination` object.
 */
export function listRecords(
  context: XeroRequestContext,
  spec: ListSpec,
  rendered: Record<string, unknown>[],
): XeroResult {
  let records = rendered;
  const ids = spec.filtersByIds ? queryList(context.query, 'IDs') : undefined;
  if (ids) {
    const wanted = new Set(ids.map((id) => id.toLowerCase()));
    records = records.filter((record) => wanted.has(String(record[spec.idField]).toLowerCase()));
  }
  const since = headerValue(context.headers, 'if-modified-since');
  if (since !== undefined) {
    const sinceMs = parseHttpDate(since);
    records = records.filter((record) => (parseXeroDate(record['UpdatedDateUTC']) ?? 0) > sinceMs);
  }
  try {
    const where = queryParam(context.query, 'where');
    if (where !== undefined && where.trim() !== '') {
      const node = parseWhere(where, spec.typeName, spec.fields);
      records = records.filter((record) => matchesWhere(node, readPath(record)));
    }
    const order = queryParam(context.query, 'order');
    if (order !== undefined && order.trim() !== '') {
      const terms = parseOrder(order, spec.typeName, spec.fields);
      records = [...records].sort((a, b) => {
        for (const term of terms) {
          const result = compareFieldValues(readPath(a)(term.field), readPath(b)(term.field));
          if (result !== 0) return term.descending ? -result : result;
        }
        return 0;
      });
    }
  } catch (error) {
    if (error instanceof WhereQueryError) throw XeroApiError.queryParse(error.message);
    throw error;
  }
  const pageText = spec.paged ? queryParam(context.query, 'page') : undefined;
  if (pageText === undefined) {
    return {
      collection: spec.collection,
      records: spec.unpagedView ? records.map(spec.unpagedView) : records,
    };
  }
  const page = Math.max(1, integer(pageText, 'page'));
  const sizeText = queryParam(context.query, 'pageSize');
  const pageSize =
    sizeText === undefined
      ? DEFAULT_PAGE_SIZE
      : Math.min(MAX_PAGE_SIZE, Math.max(1, integer(sizeText, 'pageSize')));
  return {
    collection: spec.collection,
    records: records.slice((page - 1) * pageSize, page * pageSize),
    pagination: {
      page,
      pageSize,
      pageCount: Math.ceil(records.length / pageSize),
      itemCount: records.length,
    },
  };
}

function integer(text: string, name: string): number {
  if (!/^-?\d+$/.test(text.trim())) {
    throw XeroApiError.invalidRequest(`The ${name} parameter must be a whole number`);
  }
  return Number(text);
}

/** `If-Modified-Since` as ISO-8601 (what xero-node sends) or an HTTP date. */
function parseHttpDate(value: string): number {
  const ms = parseXeroDate(value) ?? Date.parse(value);
  if (Number.isNaN(ms)) {
    throw XeroApiError.invalidRequest(
      `The If-Modified-Since header '${value}' is not a valid date`,
    );
  }
  return ms;
}

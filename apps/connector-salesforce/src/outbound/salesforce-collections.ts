import type { ExternalCallContext } from '@concord/connector-kit';
import type { ConcordError } from '@concord/errors';

import type { SalesforceFields } from '../mappers/salesforce-field-mappings';
import { CONCORD_ID_FIELD } from '../mappers/salesforce-settings';
import type { SalesforceClient } from '../salesforce/salesforce-client';
import { classifySalesforceEntry } from '../salesforce/salesforce-error.mapper';

type Ctx = ExternalCallContext<SalesforceClient>;

/** The most records one sObject Collections call takes. */
export const COLLECTION_LIMIT = 200;

/** One record's result in a collection's answer (`SaveResult`). */
interface SaveResult {
  id?: string;
  success: boolean;
  created?: boolean;
  errors?: Array<{ statusCode: string; message: string; fields?: string[] }>;
}

/** What became of one record of a collection call. */
export type RecordWrite =
  { ok: true; id: string; created: boolean } | { ok: false; error: ConcordError };

/** A record's result as the connector sees it: its id, or its first error classified. */
function recordWriteOf(result: SaveResult | undefined): RecordWrite {
  if (result?.success && result.id) {
    return { ok: true, id: result.id, created: result.created === true };
  }
  const [first] = result?.errors ?? [];
  return {
    ok: false,
    error: classifySalesforceEntry({
      errorCode: first?.statusCode ?? 'UNKNOWN_EXCEPTION',
      message: first?.message ?? 'the collection answered no result for the record',
      fields: first?.fields,
    }),
  };
}

async function collectionCall(
  ctx: Ctx,
  step: string,
  method: 'PATCH',
  path: string,
  sObject: string,
  records: readonly SalesforceFields[],
): Promise<RecordWrite[]> {
  const writes: RecordWrite[] = [];
  for (let start = 0; start < records.length; start += COLLECTION_LIMIT) {
    const chunk = records.slice(start, start + COLLECTION_LIMIT);
    const body = {
      allOrNone: false,
      records: chunk.map((fields) => ({ attributes: { type: sObject }, ...fields })),
    };
    const answer = await ctx.call(step, () =>
      ctx.client.request<SaveResult[]>({ method, path, body }),
    );
    writes.push(...chunk.map((_, i) => recordWriteOf(answer[i])));
  }
  return writes;
}

/**
 * `PATCH /composite/sobjects/{T}/Concord_Id__c` (`allOrNone: false`): creates each record or
 * updates the one carrying its catalog id (given as `Concord_Id__c` in its fields), so a retry
 * never makes a second record; one result per record, in order.
 */
export function upsertCollection(
  ctx: Ctx,
  step: string,
  sObject: string,
  records: ReadonlyArray<SalesforceFields & { [CONCORD_ID_FIELD]: string }>,
): Promise<RecordWrite[]> {
  const path = `/composite/sobjects/${sObject}/${CONCORD_ID_FIELD}`;
  return collectionCall(ctx, step, 'PATCH', path, sObject, records);
}

/** `PATCH /composite/sobjects` (`allOrNone: false`): updates each record by its `Id`. */
export function updateCollection(
  ctx: Ctx,
  step: string,
  sObject: string,
  records: ReadonlyArray<SalesforceFields & { Id: string }>,
): Promise<RecordWrite[]> {
  return collectionCall(ctx, step, 'PATCH', '/composite/sobjects', sObject, records);
}

/** A delete's refusals that mean the record is gone already (deleted, or never there). */
const ALREADY_GONE = new Set(['ENTITY_IS_DELETED', 'NOT_FOUND', 'INVALID_CROSS_REFERENCE_KEY']);

/**
 * `DELETE /composite/sobjects?ids=…&allOrNone=false`: deletes records of any object by id, one
 * result per id, in order; a record already gone counts as deleted (as a single delete's does).
 */
export async function deleteCollection(
  ctx: Ctx,
  step: string,
  ids: readonly string[],
): Promise<RecordWrite[]> {
  const writes: RecordWrite[] = [];
  for (let start = 0; start < ids.length; start += COLLECTION_LIMIT) {
    const chunk = ids.slice(start, start + COLLECTION_LIMIT);
    const path = `/composite/sobjects?ids=${chunk.map(encodeURIComponent).join(',')}&allOrNone=false`;
    const answer = await ctx.call(step, () =>
      ctx.client.request<SaveResult[]>({ method: 'DELETE', path }),
    );
    writes.push(
      ...chunk.map((id, i): RecordWrite => {
        const result = answer[i];
        const code = result?.errors?.[0]?.statusCode;
        if (!result?.success && code !== undefined && ALREADY_GONE.has(code)) {
          return { ok: true, id, created: false };
        }
        return recordWriteOf(result?.success ? { ...result, id } : result);
      }),
    );
  }
  return writes;
}

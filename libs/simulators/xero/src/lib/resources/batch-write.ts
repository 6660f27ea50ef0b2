import { isRecord } from '@concord/simulators/core';

import { queryFlag } from '../http/query-params';
import { XeroApiError } from '../http/xero-api.error';
import { XeroRequestContext, XeroResult } from '../http/xero-route';
import { UUID_PATTERN } from '../organisations/xero-id.factory';
import { RecordValidationError } from './record-validation.error';

/** `create` for PUT; `upsert` for POST (updates when the record is identified, else creates). */
export type WriteMode = 'create' | 'upsert';

/** Writes one resource's records, one at a time. */
export interface RecordWriter {
  collection: string;
  /** The flag Xero sets on a record that failed (`HasValidationErrors`, `HasErrors`). */
  errorFlag?: string;
  /**
   * Validates the whole record first and throws `RecordValidationError` before changing
   * anything; then stores it and returns its rendering.
   */
  write(
    input: Record<string, unknown>,
    context: XeroRequestContext,
    mode: WriteMode,
  ): Record<string, unknown>;
}

/**
 * PUT or POST of a batch: up to `maxBatchSize` records. With `summarizeErrors=true` (Xero's
 * default) one invalid record fails the call with a `ValidationException` and nothing is kept;
 * with `summarizeErrors=false` every record answers for itself (`StatusAttributeString`).
 */
export function batchWrite(
  context: XeroRequestContext,
  writer: RecordWriter,
  mode: WriteMode,
  inputs: Record<string, unknown>[] = readBatch(
    context.body,
    writer.collection,
    context.maxBatchSize,
  ),
): XeroResult {
  const summarize = queryFlag(context.query, 'summarizeErrors', true);
  const restoreBatch = context.org.snapshot();
  const batchMark = context.events.mark();
  const records: Record<string, unknown>[] = [];
  const failed: Record<string, unknown>[] = [];
  for (const input of inputs) {
    const restoreRecord = summarize ? undefined : context.org.snapshot();
    const recordMark = context.events.mark();
    try {
      records.push({ ...writer.write(input, context, mode), StatusAttributeString: 'OK' });
    } catch (error) {
      if (!(error instanceof RecordValidationError)) throw error;
      restoreRecord?.();
      context.events.rollbackTo(recordMark);
      const echo = {
        ...echoOf(input),
        ...(writer.errorFlag ? { [writer.errorFlag]: true } : {}),
        StatusAttributeString: 'ERROR',
        ValidationErrors: error.messages.map((Message) => ({ Message })),
      };
      records.push(echo);
      failed.push(echo);
    }
  }
  if (summarize && failed.length > 0) {
    restoreBatch();
    context.events.rollbackTo(batchMark);
    throw XeroApiError.validation(failed);
  }
  return { collection: writer.collection, records };
}

/** The records of a body: `{"Contacts": [...]}`, a bare array, or one bare record. */
export function readBatch(
  body: unknown,
  collection: string,
  maxBatchSize: number,
): Record<string, unknown>[] {
  let list: unknown;
  if (Array.isArray(body)) list = body;
  else if (isRecord(body)) {
    const key = Object.keys(body).find((name) => name.toLowerCase() === collection.toLowerCase());
    list = key === undefined ? [body] : body[key];
  }
  if (!Array.isArray(list) || list.length === 0 || !list.every(isRecord)) {
    throw XeroApiError.invalidRequest(
      `The request body must contain ${collection} as a non-empty array of objects`,
    );
  }
  if (list.length > maxBatchSize) {
    throw XeroApiError.invalidRequest(
      `A maximum of ${maxBatchSize} ${collection} may be sent in a single request; this request has ${list.length}`,
    );
  }
  return list;
}

/** The input as sent, minus ids that are not UUIDs (Xero's `Element` types them as UUIDs). */
function echoOf(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(input).filter(
      ([key, value]) =>
        !key.endsWith('ID') || (typeof value === 'string' && UUID_PATTERN.test(value)),
    ),
  );
}

import { JsonObject } from '../http/json-value';
import { RequestParams } from '../http/request-params';
import { StripeApiError } from '../http/stripe-api.error';

export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'expand'] as const;

export interface ListOptions {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

export type ListPage<T extends JsonObject> = {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
};

/** Reads `limit` (1..100, default 10) and one of the cursors `starting_after` / `ending_before`. */
export function readListOptions(params: RequestParams): ListOptions {
  const limit = params.presentInteger('limit', { min: 1, max: 100 }) ?? 10;
  const startingAfter = params.presentString('starting_after');
  const endingBefore = params.presentString('ending_before');
  if (startingAfter !== undefined && endingBefore !== undefined) {
    throw StripeApiError.invalid(
      'You may only specify one of these parameters: ending_before, starting_after.',
      'ending_before',
    );
  }
  return {
    limit,
    ...(startingAfter === undefined ? {} : { startingAfter }),
    ...(endingBefore === undefined ? {} : { endingBefore }),
  };
}

/**
 * One page of a newest-first list. Cursors are compared by creation sequence, so a cursor works
 * even when that object does not pass the list's filters; an unknown cursor is Stripe's 400.
 */
export function paginate<T extends JsonObject & { id: string }>(
  items: T[],
  options: ListOptions,
  seqOf: (id: string) => number | undefined,
  url: string,
  resource: string,
): ListPage<T> {
  const cursorSeq = (id: string, param: string): number => {
    const seq = seqOf(id);
    if (seq === undefined) throw StripeApiError.resourceMissing(resource, id, param);
    return seq;
  };
  const seq = (item: T): number => seqOf(item.id) ?? 0;
  let data: T[];
  let hasMore: boolean;
  if (options.startingAfter !== undefined) {
    const after = cursorSeq(options.startingAfter, 'starting_after');
    const older = items.filter((item) => seq(item) < after);
    data = older.slice(0, options.limit);
    hasMore = older.length > options.limit;
  } else if (options.endingBefore !== undefined) {
    const before = cursorSeq(options.endingBefore, 'ending_before');
    const newer = items.filter((item) => seq(item) > before);
    data = newer.slice(Math.max(0, newer.length - options.limit));
    hasMore = newer.length > options.limit;
  } else {
    data = items.slice(0, options.limit);
    hasMore = items.length > options.limit;
  }
  return { object: 'list', data, has_more: hasMore, url };
}

import { AsyncLocalStorage } from 'node:async_hooks';

/** The database round trips made so far within one unit of work (an HTTP request). */
export interface RoundTripTally {
  count: number;
}

const scope = new AsyncLocalStorage<RoundTripTally>();

/** Runs `fn` (and everything it awaits or schedules) counting its round trips in `tally`. */
export function countingRoundTrips<T>(tally: RoundTripTally, fn: () => T): T {
  return scope.run(tally, fn);
}

/** The unit of work the caller runs in, if any. */
export function currentRoundTripTally(): RoundTripTally | undefined {
  return scope.getStore();
}

/** A pg client or pool: anything with a `query` method. */
interface Queryable {
  query: (...args: never[]) => unknown;
}

const INSTRUMENTED = Symbol('concord.roundTrips');

/**
 * Makes every `query` of `client` count as one round trip (the pg driver sends each call as one
 * request and waits for its answer), in the caller's tally and through `onRoundTrip`. Instrumenting
 * a client twice counts once.
 */
export function countQueriesOf(client: Queryable, onRoundTrip: (inRequest: boolean) => void): void {
  const marked = client as Queryable & { [INSTRUMENTED]?: true };
  if (marked[INSTRUMENTED]) return;
  marked[INSTRUMENTED] = true;
  const query = client.query;
  client.query = function countedQuery(this: unknown, ...args: never[]): unknown {
    const tally = scope.getStore();
    if (tally) tally.count += 1;
    onRoundTrip(tally !== undefined);
    return query.apply(this, args);
  } as Queryable['query'];
}

/** What a record handed back gets instead of a result: its message is to be read again. */
export const HANDED_BACK = 'handed-back' as const;
export type HandedBack = typeof HANDED_BACK;

interface Waiting<TItem, TResult> {
  item: TItem;
  resolve(result: TResult | HandedBack): void;
  reject(error: unknown): void;
  /**
   * Whether records were written behind this one's (see `write`); asked once, or again while its
   * snapshot goes on.
   */
  backlogBehind?: () => Promise<boolean>;
  /** The snapshot it belongs to goes on after it (see `write`). */
  moreFollows?: boolean;
}

/** Lingers a short call may wait beyond its first while its snapshot goes on (see `write`). */
export const MAX_SNAPSHOT_HOLDS = 8;

/** How one key's calls are made: records a call, linger of a partial one, calls out at once. */
export interface CombinedCall {
  maxSize: number;
  lingerMs: number;
  /** Calls of the key out at once (the provider's concurrent limit); unlimited when absent. */
  maxInFlight?: number;
}

interface Queue<TItem, TResult> {
  call: Required<CombinedCall>;
  waiting: Array<Waiting<TItem, TResult>>;
  timer: NodeJS.Timeout | null;
  /** Its linger is over while calls of the key are out: it goes after their answers. */
  lingered: boolean;
  /** Asking whether its records have a backlog behind them (it waits for the answer). */
  asking: boolean;
  /** Lingers taken beyond the first because the snapshot of its records went on. */
  holds: number;
}

/**
 * Merges the records that batches consumed at the same time (one per partition) hand in for the
 * same call key (connection, entity type, lane) into calls of up to `maxSize` records: a full call
 * goes at once, a partial one after `lingerMs` (counted from its first record), when whatever the
 * other partitions brought by then rides along. Each caller gets its own records' results, in its
 * order. `lingerMs` 0 sends each caller's records as they are.
 *
 * Calls are composed when they can go: at most `maxInFlight` of a key are out at once, the
 * records beyond waiting in the queue, so a call never waits long for the rate budget with its
 * records fixed while later ones could have filled it. A partial call whose linger is over while
 * calls of the same key are out (their partitions blocked until they answer) waits for their
 * answers and one more linger, so the records those answers unblock fill it instead of queueing
 * behind it as another short call; it waits as well for the records batches announced (being
 * checked under their locks) until they are handed in or withdrawn. Records go first come, first
 * served.
 *
 * A short call left when its key's calls have answered, whose records have records written
 * behind them in their partitions (`backlogBehind`), hands those back (`HANDED_BACK`) to be read
 * again with what follows: the consumer could not fetch more before these were answered. When
 * none has, but every record of it belongs to a snapshot that goes on (`moreFollows`: its next
 * page is not written yet), it lingers again (up to `MAX_SNAPSHOT_HOLDS` times) and asks again,
 * rather than going out short.
 */
export class BatchCombiner<TItem, TResult> {
  private readonly queues = new Map<string, Queue<TItem, TResult>>();
  /** Calls sent and not yet answered, per key. */
  private readonly outstanding = new Map<string, number>();
  /** Records batches are still checking (under their locks) before handing them in, per key. */
  private readonly announced = new Map<string, number>();

  constructor(
    /** One call with these records; answers one result per record, in order. */
    private readonly send: (items: readonly TItem[]) => Promise<TResult[]>,
  ) {}

  /**
   * Records of `key` a batch is checking and will hand in (or withdraw): a partial call whose
   * linger is over waits for them too. Announce only under the records' locks, so nothing
   * announced waits for a lock held by records waiting here.
   */
  announce(key: string, count: number): void {
    if (count > 0) this.announced.set(key, (this.announced.get(key) ?? 0) + count);
  }

  /** Records announced that will not be handed in (written without a call, or failed). */
  withdraw(key: string, count: number): void {
    if (count <= 0) return;
    const left = (this.announced.get(key) ?? 0) - count;
    if (left > 0) this.announced.set(key, left);
    else this.announced.delete(key);
    const queue = this.queues.get(key);
    if (queue) this.pump(key, queue);
  }

  write(
    key: string,
    call: CombinedCall,
    items: readonly TItem[],
    options: {
      announced?: boolean;
      backlogBehind?: () => Promise<boolean>;
      moreFollows?: boolean;
    } = {},
  ): Promise<Array<TResult | HandedBack>> {
    if (options.announced) this.withdrawQuietly(key, items.length);
    if (call.lingerMs <= 0) return this.send(items);
    const queue = this.queues.get(key) ?? {
      call: { ...call, maxInFlight: call.maxInFlight ?? Number.POSITIVE_INFINITY },
      waiting: [],
      timer: null,
      lingered: false,
      asking: false,
      holds: 0,
    };
    this.queues.set(key, queue);
    const { backlogBehind, moreFollows } = options;
    const results = items.map(
      (item) =>
        new Promise<TResult | HandedBack>((resolve, reject) =>
          queue.waiting.push({
            item,
            resolve,
            reject,
            ...(backlogBehind ? { backlogBehind, ...(moreFollows ? { moreFollows } : {}) } : {}),
          }),
        ),
    );
    this.pump(key, queue);
    return Promise.all(results);
  }

  private out(key: string): number {
    return this.outstanding.get(key) ?? 0;
  }

  /** Calls of the key out, or records of it still being checked. */
  private busy(key: string): boolean {
    return this.out(key) > 0 || (this.announced.get(key) ?? 0) > 0;
  }

  private withdrawQuietly(key: string, count: number): void {
    const left = (this.announced.get(key) ?? 0) - count;
    if (left > 0) this.announced.set(key, left);
    else this.announced.delete(key);
  }

  /** Sends the full calls there is room for; starts the linger of what is left. */
  private pump(key: string, queue: Queue<TItem, TResult>): void {
    const { maxSize, maxInFlight } = queue.call;
    while (queue.waiting.length >= maxSize && this.out(key) < maxInFlight) {
      this.dispatch(key, queue.waiting.splice(0, maxSize));
    }
    if (queue.waiting.length === 0) {
      this.forget(key, queue);
    } else if (queue.lingered) {
      if (!this.busy(key)) this.lingerOver(key);
    } else if (queue.timer === null) {
      queue.timer = setTimeout(() => this.lingerOver(key), queue.call.lingerMs);
    }
  }

  private lingerOver(key: string): void {
    const queue = this.queues.get(key);
    if (!queue) return;
    queue.timer = null;
    if (this.busy(key) || queue.asking) {
      queue.lingered = true;
      return;
    }
    const { maxSize, maxInFlight } = queue.call;
    while (queue.waiting.length >= maxSize && this.out(key) < maxInFlight) {
      this.dispatch(key, queue.waiting.splice(0, maxSize));
    }
    if (queue.waiting.some((waiting) => waiting.backlogBehind)) {
      // A short call is left: after the answers of the full ones, ask whether to hand it back.
      if (this.out(key) > 0) queue.lingered = true;
      else if (queue.waiting.length > 0) void this.handBackIfBehind(key, queue, 'send');
      return;
    }
    while (queue.waiting.length > 0 && this.out(key) < maxInFlight) {
      this.dispatch(key, queue.waiting.splice(0, maxSize));
    }
    if (queue.waiting.length === 0) this.forget(key, queue);
    else queue.lingered = true;
  }

  /**
   * Hands back the records of a short call that have a backlog behind them; the rest go now
   * (`send`: the linger was over) or after a linger (`linger`: asked as the last call answered).
   */
  private async handBackIfBehind(
    key: string,
    queue: Queue<TItem, TResult>,
    then: 'send' | 'linger',
  ): Promise<void> {
    queue.asking = true;
    if (queue.timer !== null) clearTimeout(queue.timer);
    queue.timer = null;
    const asked = queue.waiting.filter((waiting) => waiting.backlogBehind);
    const answers = new Map<() => Promise<boolean>, Promise<boolean>>();
    const behind = await Promise.all(
      asked.map((waiting) => {
        const ask = waiting.backlogBehind as () => Promise<boolean>;
        const answer = answers.get(ask) ?? ask().catch(() => false);
        answers.set(ask, answer);
        return answer;
      }),
    );
    queue.asking = false;
    // Meanwhile full calls may have taken them all (and a new queue started for the key).
    if (this.queues.get(key) !== queue) return;
    // Nothing behind yet, but the snapshot goes on: asked again after the next linger.
    const snapshotGoesOn = !behind.some(Boolean) && this.mayHold(queue);
    if (snapshotGoesOn && then === 'send') {
      queue.holds += 1;
      queue.timer = setTimeout(() => this.lingerOver(key), queue.call.lingerMs);
      return;
    }
    if (!snapshotGoesOn) for (const waiting of asked) delete waiting.backlogBehind;
    if (queue.waiting.length < queue.call.maxSize) {
      const back = new Set(asked.filter((_, i) => behind[i]));
      queue.waiting = queue.waiting.filter((waiting) => !back.has(waiting));
      for (const waiting of back) waiting.resolve(HANDED_BACK);
    }
    if (queue.waiting.length === 0) this.forget(key, queue);
    else if (then === 'send') this.lingerOver(key);
    else this.pump(key, queue);
  }

  /**
   * Whether a short call may linger again: all its records can still be handed back and belong to
   * a snapshot that goes on, whose next page brings the records that fill it.
   */
  private mayHold(queue: Queue<TItem, TResult>): boolean {
    const short = queue.waiting.length > 0 && queue.waiting.length < queue.call.maxSize;
    return (
      short &&
      queue.holds < MAX_SNAPSHOT_HOLDS &&
      queue.waiting.every((waiting) => waiting.moreFollows && waiting.backlogBehind)
    );
  }

  /** A call of the key answered: room for another, and the unblocked partitions get a linger. */
  private answered(key: string): void {
    const left = this.out(key) - 1;
    if (left > 0) this.outstanding.set(key, left);
    else this.outstanding.delete(key);
    const queue = this.queues.get(key);
    if (!queue) return;
    if (left <= 0 && !this.busy(key)) {
      queue.lingered = false;
      // Nothing can bring more before these are answered when they have records behind them in
      // the log (the consumer fetches again only then): ask now rather than after a linger.
      const short = queue.waiting.length > 0 && queue.waiting.length < queue.call.maxSize;
      if (short && !queue.asking && queue.waiting.some((waiting) => waiting.backlogBehind)) {
        void this.handBackIfBehind(key, queue, 'linger');
        return;
      }
    }
    this.pump(key, queue);
  }

  private forget(key: string, queue: Queue<TItem, TResult>): void {
    if (queue.timer !== null) clearTimeout(queue.timer);
    queue.timer = null;
    if (this.queues.get(key) === queue) this.queues.delete(key);
  }

  private dispatch(key: string, call: ReadonlyArray<Waiting<TItem, TResult>>): void {
    this.outstanding.set(key, this.out(key) + 1);
    this.send(call.map((waiting) => waiting.item)).then(
      (results) => {
        this.answered(key);
        for (const [i, waiting] of call.entries()) {
          const result = results[i];
          if (result === undefined) {
            waiting.reject(
              new Error(`the call returned ${results.length} results for ${call.length} records`),
            );
          } else {
            waiting.resolve(result);
          }
        }
      },
      (error: unknown) => {
        this.answered(key);
        for (const waiting of call) waiting.reject(error);
      },
    );
  }
}

interface Waiting<TItem, TResult> {
  item: TItem;
  resolve(result: TResult): void;
  reject(error: unknown): void;
}

interface Queue<TItem, TResult> {
  maxSize: number;
  waiting: Array<Waiting<TItem, TResult>>;
  timer: NodeJS.Timeout | null;
}

/**
 * Merges the records that batches consumed at the same time (one per partition) hand in for the
 * same call key (connection, entity type, lane) into calls of up to `maxSize` records: a full call
 * goes at once, a partial one after `lingerMs` (counted from its first record), when whatever the
 * other partitions brought by then rides along. Each caller gets its own records' results, in its
 * order. `lingerMs` 0 sends each caller's records as they are.
 */
export class BatchCombiner<TItem, TResult> {
  private readonly queues = new Map<string, Queue<TItem, TResult>>();

  constructor(
    /** One call with these records; answers one result per record, in order. */
    private readonly send: (items: readonly TItem[]) => Promise<TResult[]>,
  ) {}

  write(
    key: string,
    call: { maxSize: number; lingerMs: number },
    items: readonly TItem[],
  ): Promise<TResult[]> {
    const { maxSize, lingerMs } = call;
    if (lingerMs <= 0) return this.send(items);
    const queue = this.queues.get(key) ?? { maxSize, waiting: [], timer: null };
    this.queues.set(key, queue);
    const results = items.map(
      (item) =>
        new Promise<TResult>((resolve, reject) => queue.waiting.push({ item, resolve, reject })),
    );
    while (queue.waiting.length >= queue.maxSize) {
      this.dispatch(queue.waiting.splice(0, queue.maxSize));
    }
    if (queue.waiting.length === 0) {
      this.forget(key, queue);
    } else if (queue.timer === null) {
      queue.timer = setTimeout(() => this.flush(key), lingerMs);
    }
    return Promise.all(results);
  }

  private flush(key: string): void {
    const queue = this.queues.get(key);
    if (!queue) return;
    this.forget(key, queue);
    while (queue.waiting.length > 0) this.dispatch(queue.waiting.splice(0, queue.maxSize));
  }

  private forget(key: string, queue: Queue<TItem, TResult>): void {
    if (queue.timer !== null) clearTimeout(queue.timer);
    queue.timer = null;
    this.queues.delete(key);
  }

  private dispatch(call: ReadonlyArray<Waiting<TItem, TResult>>): void {
    this.send(call.map((waiting) => waiting.item)).then(
      (results) => {
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
        for (const waiting of call) waiting.reject(error);
      },
    );
  }
}

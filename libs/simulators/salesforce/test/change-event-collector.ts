/** A change event as a CometD subscriber receives it (the message's `data`). */
export interface ReceivedChangeEvent {
  schema: string;
  payload: {
    ChangeEventHeader: {
      entityName: string;
      recordIds: string[];
      changeType: string;
      changeOrigin: string;
      transactionKey: string;
      sequenceNumber: number;
      commitTimestamp: number;
      commitNumber: number;
      commitUser: string;
      changedFields: string[];
      nulledFields: string[];
      diffFields: string[];
    };
    [field: string]: unknown;
  };
  event: { replayId: number };
}

/** faye's subscription: a thenable that settles once the server answered the subscribe. */
export interface FayeSubscription {
  then(onSuccess: () => void, onError: (error: { message: string }) => void): void;
  cancel(): void;
}

/** Resolves when the subscribe succeeded, rejects with the Bayeux error when it did not. */
export function subscribed(subscription: unknown): Promise<void> {
  return new Promise((resolve, reject) =>
    (subscription as FayeSubscription).then(
      () => resolve(),
      (error) => reject(new Error(error.message)),
    ),
  );
}

/** Collects change events and waits for the ones a test expects. */
export class ChangeEventCollector {
  readonly events: ReceivedChangeEvent[] = [];
  private waiters: (() => void)[] = [];

  readonly listener = (message: unknown): void => {
    this.events.push(message as ReceivedChangeEvent);
    for (const waiter of this.waiters) waiter();
  };

  /** Waits until `count` events arrived (5 s at most, then fails naming what came). */
  waitFor(count: number, timeoutMs = 5_000): Promise<ReceivedChangeEvent[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.events.length < count) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        resolve(this.events.slice(0, count));
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== check);
        reject(new Error(`expected ${count} change events, got ${this.events.length}`));
      }, timeoutMs);
      this.waiters.push(check);
      check();
    });
  }
}

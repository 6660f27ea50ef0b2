/** Calls in a rolling window (Xero's minute and day limits are rolling, not calendar, windows). */
export class SlidingWindow {
  private readonly times: number[] = [];
  private head = 0;

  constructor(readonly windowMs: number) {}

  count(now: number): number {
    this.prune(now);
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }

  /** Milliseconds until the window holds fewer than `limit` calls. */
  waitMs(now: number, limit: number): number {
    const count = this.count(now);
    if (count < limit) return 0;
    const freeing = this.times[this.head + (count - limit)];
    return Math.max(0, freeing + this.windowMs - now);
  }

  private prune(now: number): void {
    while (this.head < this.times.length && this.times[this.head] <= now - this.windowMs)
      this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times.splice(0, this.head);
      this.head = 0;
    }
  }
}

import { DAY_MS } from '../ids/salesforce-datetime';

/**
 * An org's API calls over the last 24 hours of the simulation clock: Salesforce's daily
 * allocation is a rolling window, so usage falls as old calls age out.
 */
export class ApiUsageWindow {
  private calls: number[] = [];
  private head = 0;

  used(now: number): number {
    this.prune(now);
    return this.calls.length - this.head;
  }

  record(now: number): number {
    this.prune(now);
    this.calls.push(now);
    return this.calls.length - this.head;
  }

  reset(): void {
    this.calls = [];
    this.head = 0;
  }

  private prune(now: number): void {
    const cutoff = now - DAY_MS;
    while (this.head < this.calls.length && this.calls[this.head] <= cutoff) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.calls.length) {
      this.calls = this.calls.slice(this.head);
      this.head = 0;
    }
  }
}

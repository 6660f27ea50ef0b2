/** Where real time comes from; injected so tests can drive the clock without timers. */
export type TimeSource = () => number;

export interface ClockSnapshot {
  nowMs: number;
  iso: string;
  offsetMs: number;
}

/**
 * The simulator's notion of "now". It runs with real time, shifted by an offset that the control
 * API moves (`advance`, `set`), so idempotency expiry, search lag, rate limits and webhook
 * timestamps can be exercised in seconds instead of hours.
 */
export class SimulationClock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly source: TimeSource = Date.now) {}

  now(): number {
    return this.source() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advance(ms) needs a finite ms >= 0');
    this.offsetMs += ms;
    this.notify();
  }

  set(epochMs: number): void {
    if (!Number.isFinite(epochMs)) throw new RangeError('set(epochMs) needs a finite epoch');
    this.offsetMs = epochMs - this.source();
    this.notify();
  }

  reset(): void {
    this.offsetMs = 0;
    this.notify();
  }

  /** Called after every jump, so schedulers waiting on the clock can re-evaluate. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): ClockSnapshot {
    const nowMs = this.now();
    return { nowMs, iso: new Date(nowMs).toISOString(), offsetMs: this.offsetMs };
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}

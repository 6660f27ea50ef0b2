import { SimulationClock } from '../clock/simulation-clock';

export interface TakeResult {
  allowed: boolean;
  /** How long until one token is available again (0 when allowed). */
  retryAfterMs: number;
  remaining: number;
}

/** A token bucket measured against the simulation clock, so tests control refill exactly. */
export class TokenBucket {
  private tokens: number;
  private lastRefill: number;

  constructor(
    private readonly clock: SimulationClock,
    readonly capacity: number,
    readonly refillPerSecond: number,
  ) {
    if (capacity <= 0 || refillPerSecond <= 0)
      throw new RangeError('capacity and rate must be > 0');
    this.tokens = capacity;
    this.lastRefill = clock.now();
  }

  tryTake(count = 1): TakeResult {
    this.refill();
    if (this.tokens >= count) {
      this.tokens -= count;
      return { allowed: true, retryAfterMs: 0, remaining: Math.floor(this.tokens) };
    }
    const missing = count - this.tokens;
    return {
      allowed: false,
      retryAfterMs: Math.ceil((missing / this.refillPerSecond) * 1000),
      remaining: Math.floor(this.tokens),
    };
  }

  private refill(): void {
    const now = this.clock.now();
    // A clock set backwards must not mint or destroy tokens; it just restarts the measurement.
    const elapsedMs = Math.max(0, now - this.lastRefill);
    this.lastRefill = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsedMs / 1000) * this.refillPerSecond);
  }
}

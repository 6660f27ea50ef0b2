import { gcra, type RateDecision, type RateLimitStore, type RateRule } from './rate-limit-store';

const SWEEP_EVERY = 10_000;

/** One process's counts: for a single replica, or when Redis is not configured. */
export class MemoryRateLimitStore implements RateLimitStore {
  readonly mode = 'memory' as const;
  private readonly tats = new Map<string, number>();
  private hits = 0;

  constructor(private readonly now: () => number = Date.now) {}

  hit(key: string, rule: RateRule): Promise<RateDecision> {
    return Promise.resolve(this.take(key, rule, true));
  }

  peek(key: string, rule: RateRule): Promise<RateDecision> {
    return Promise.resolve(this.take(key, rule, false));
  }

  close(): Promise<void> {
    this.tats.clear();
    return Promise.resolve();
  }

  private take(key: string, rule: RateRule, count: boolean): RateDecision {
    const now = this.now();
    const { tat, decision } = gcra(this.tats.get(key), now, rule);
    if (count && tat !== undefined) this.tats.set(key, tat);
    if (++this.hits % SWEEP_EVERY === 0) this.sweep(now);
    return decision;
  }

  /** Forgets keys whose bucket is full again, so memory follows the active keys only. */
  private sweep(now: number): void {
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
  }
}

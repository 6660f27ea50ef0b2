import { SimulationClock } from '../clock/simulation-clock';
import { TakeResult, TokenBucket } from './token-bucket';

export interface RateLimitSettings {
  enabled: boolean;
  /** Sustained operations per second per account; also the burst size. */
  perSecond: number;
}

const ALLOWED: TakeResult = { allowed: true, retryAfterMs: 0, remaining: Number.POSITIVE_INFINITY };

/** One token bucket per account (Stripe: 25 ops/s in test mode), off unless switched on. */
export class AccountRateLimiter {
  private settings: RateLimitSettings;
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly clock: SimulationClock,
    settings: Partial<RateLimitSettings> = {},
  ) {
    this.settings = { enabled: settings.enabled ?? false, perSecond: settings.perSecond ?? 25 };
  }

  configure(settings: Partial<RateLimitSettings>): RateLimitSettings {
    if (settings.perSecond !== undefined && !(settings.perSecond > 0)) {
      throw new RangeError('perSecond must be > 0');
    }
    this.settings = { ...this.settings, ...settings };
    this.buckets.clear();
    return this.view();
  }

  take(account: string): TakeResult {
    if (!this.settings.enabled) return ALLOWED;
    let bucket = this.buckets.get(account);
    if (!bucket) {
      bucket = new TokenBucket(this.clock, this.settings.perSecond, this.settings.perSecond);
      this.buckets.set(account, bucket);
    }
    return bucket.tryTake();
  }

  reset(): void {
    this.buckets.clear();
  }

  view(): RateLimitSettings {
    return { ...this.settings };
  }
}

/** How many requests a key may make: `limit` in any `windowMs`, spread evenly, bursts up to `limit`. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

/** The answer for one request. */
export interface RateDecision {
  allowed: boolean;
  /** Requests still allowed at once after this one (0 when refused). */
  remaining: number;
  /** When refused: how long until one more request would be allowed. */
  retryAfterMs: number;
}

/**
 * Counts requests per key against a rule (GCRA: a token bucket kept as one timestamp per key).
 * `hit` counts the request when it is allowed; `peek` answers whether one would be, counting nothing.
 */
export interface RateLimitStore {
  readonly mode: 'redis' | 'memory';
  hit(key: string, rule: RateRule): Promise<RateDecision>;
  peek(key: string, rule: RateRule): Promise<RateDecision>;
  close(): Promise<void>;
}

/**
 * The generic cell rate algorithm for one request, shared by both stores so they decide alike.
 * `tat` is the theoretical arrival time: when the bucket would be full again. Returns the decision
 * and, when allowed, the new tat a `hit` keeps (a `peek` keeps nothing).
 */
export function gcra(
  tat: number | undefined,
  nowMs: number,
  rule: RateRule,
): { tat?: number; decision: RateDecision } {
  const emission = rule.windowMs / rule.limit;
  const start = Math.max(tat ?? nowMs, nowMs);
  const next = start + emission;
  const allowAt = next - rule.windowMs;
  if (allowAt > nowMs) {
    return {
      decision: { allowed: false, remaining: 0, retryAfterMs: Math.ceil(allowAt - nowMs) },
    };
  }
  const remaining = Math.floor((rule.windowMs - (next - nowMs)) / emission);
  return {
    tat: next,
    decision: { allowed: true, remaining: Math.max(0, remaining), retryAfterMs: 0 },
  };
}

import { ConcordError, ConcordErrorOptions } from './concord-error';

export enum RateLimitedErrorCode {
  UPSTREAM_RATE_LIMITED = 'UPSTREAM_RATE_LIMITED',
  BUDGET_EXHAUSTED = 'BUDGET_EXHAUSTED',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
  /** The provider's own allocation for its rolling day is used up (Salesforce, Xero). */
  DAILY_ALLOWANCE_EXHAUSTED = 'DAILY_ALLOWANCE_EXHAUSTED',
}

/** Retry no sooner than `retryAfterMs` (from a 429's Retry-After, or from Concord's own rate budget). */
export class RateLimitedError extends ConcordError {
  readonly category = 'rate-limited' as const;
  readonly retryAfterMs: number;

  constructor(
    code: RateLimitedErrorCode | string,
    message: string,
    retryAfterMs: number,
    options?: ConcordErrorOptions,
  ) {
    // NaN or a negative wait (a bad header, a clock skew) would make a consumer retry at once in a
    // loop and a response say `Retry-After: NaN`; the details report the same value the code uses.
    const normalised = Number.isFinite(retryAfterMs) ? Math.max(0, Math.round(retryAfterMs)) : 0;
    super(code, message, {
      ...options,
      details: { ...options?.details, retryAfterMs: normalised },
    });
    this.retryAfterMs = normalised;
  }
}

/** Parses an HTTP Retry-After header (delta-seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

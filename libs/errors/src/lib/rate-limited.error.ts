import { ConcordError, ConcordErrorOptions } from './concord-error';

export enum RateLimitedErrorCode {
  UPSTREAM_RATE_LIMITED = 'UPSTREAM_RATE_LIMITED',
  BUDGET_EXHAUSTED = 'BUDGET_EXHAUSTED',
  TOO_MANY_REQUESTS = 'TOO_MANY_REQUESTS',
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
    super(code, message, { ...options, details: { ...options?.details, retryAfterMs } });
    this.retryAfterMs = Math.max(0, Math.round(retryAfterMs));
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

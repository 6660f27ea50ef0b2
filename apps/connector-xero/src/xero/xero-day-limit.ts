import type { AllowanceUsage } from '@concord/connector-kit';

import { xeroFailureOf } from './xero-error.mapper';

/** Xero allows an organisation 5,000 calls in a rolling day (it reports only what remains). */
export const XERO_DAILY_LIMIT = 5000;

const REMAINING_HEADER = 'x-daylimit-remaining';

/** The headers of what xero-node answered: `{ response: { headers } }` on success. */
function answerHeaders(answer: unknown): Record<string, unknown> | null {
  if (typeof answer !== 'object' || answer === null) return null;
  const response = (answer as { response?: { headers?: unknown } }).response;
  const headers = response?.headers;
  return typeof headers === 'object' && headers !== null
    ? (headers as Record<string, unknown>)
    : null;
}

/**
 * The organisation's daily allowance as its last answer reported it: Xero sends
 * `X-DayLimit-Remaining` on every response (429s included), so used = 5,000 - remaining.
 */
export class XeroDayLimit {
  private remaining: number | null = null;

  /** Reads the header of a successful answer. */
  answered(answer: unknown): void {
    this.read(answerHeaders(answer)?.[REMAINING_HEADER]);
  }

  /** Reads the header of a failure xero-node threw (its JSON text carries the response). */
  failed(error: unknown): void {
    this.read(xeroFailureOf(error)?.headers[REMAINING_HEADER]);
  }

  /** What the last answer said, or null before any answer carried the header. */
  usage(): AllowanceUsage | null {
    if (this.remaining === null) return null;
    return { used: Math.max(0, XERO_DAILY_LIMIT - this.remaining), limit: XERO_DAILY_LIMIT };
  }

  private read(value: unknown): void {
    const remaining = Number(Array.isArray(value) ? value[0] : value);
    if (value !== undefined && value !== null && Number.isFinite(remaining) && remaining >= 0) {
      this.remaining = remaining;
    }
  }
}

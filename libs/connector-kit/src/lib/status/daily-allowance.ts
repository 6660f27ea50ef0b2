import { type ConcordError, RateLimitedErrorCode } from '@concord/errors';

import type { ConnectionAttention } from '../connections/connection-state';
import type { AllowanceUsage } from '../definition/connector-definition';

/** Whether the provider refused a call because its daily allocation is used up. */
export function isAllowanceExhausted(error: ConcordError): boolean {
  return error.code === RateLimitedErrorCode.DAILY_ALLOWANCE_EXHAUSTED;
}

/** The reason a connection paused by its used-up daily allocation shows. */
export function allowanceExhaustedReason(system: string): string {
  return (
    `${system} daily API allocation used up: paused until its rolling 24-hour usage falls ` +
    'below the limit, then resumed without loss'
  );
}

/** The flag of a connection paused by its used-up daily allocation (it resumes by itself). */
export function allowanceUsedUp(system: string): ConnectionAttention {
  return { kind: 'allowance', reason: allowanceExhaustedReason(system) };
}

/** The status warning of an allocation used past its warning share. */
export function allowanceWarningReason(system: string, usage: AllowanceUsage): string {
  const percent = Math.floor((usage.used / usage.limit) * 100);
  return (
    `${system} daily API allocation ${percent}% used (${usage.used} of ${usage.limit}): ` +
    'backfills slowed down to leave the rest to live changes'
  );
}

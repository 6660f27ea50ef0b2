import type { BenchSystem } from '../cli/bench-options';

/** 90 % of Xero's 60 calls a minute per organisation: the pace issue 15 asks a backfill to keep. */
export const XERO_CALLS_PER_MINUTE_AT_90_PERCENT = 54;

/**
 * Issue 15's bound for a Xero backfill that made `calls` calls: ⌈calls ÷ 54⌉ minutes plus 10
 * seconds, in seconds.
 */
export function xeroTimeBoundSeconds(calls: number): number {
  return Math.ceil(calls / XERO_CALLS_PER_MINUTE_AT_90_PERCENT) * 60 + 10;
}

/** What one call can carry: records a write takes, and records a read's page holds. */
const PACKING: Record<Exclude<BenchSystem, 'stripe'>, { write: number; page: number }> = {
  // sObject Collections take 200 records; a query page holds up to 2,000 (batchSize=2000).
  salesforce: { write: 200, page: 2000 },
  // A PUT takes 50 records; a Contacts page holds 100.
  xero: { write: 50, page: 100 },
};

/**
 * The fewest calls a backfill of `size` customers can make with records packed as many per call
 * as the system takes: writes of full batches for an export; full pages for an import, where a
 * list that ends on a full page costs one more (empty) page for Xero, whose pages carry no link to
 * the next, but not for Salesforce, whose last page says it is done.
 */
export function packedCalls(
  system: Exclude<BenchSystem, 'stripe'>,
  direction: 'import' | 'export',
  size: number,
): number {
  const packing = PACKING[system];
  if (direction === 'export') return Math.ceil(size / packing.write);
  if (system === 'xero') return Math.floor(size / packing.page) + 1;
  return Math.max(1, Math.ceil(size / packing.page));
}

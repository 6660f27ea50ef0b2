import { backfillRows } from './backfill-report';
import type { BackfillResult } from './backfill-run';

function result(overrides: Partial<BackfillResult>): BackfillResult {
  return {
    system: 'stripe',
    direction: 'import',
    size: 1000,
    tenants: 1,
    seedPerSecond: 500,
    seconds: 10,
    recordsPerSecond: 100,
    settledSeconds: 12,
    peakMiB: { 'catalog-service': 200 },
    ...overrides,
  };
}

describe('backfillRows', () => {
  it("keeps Stripe's figures as they were named, without call rows", () => {
    const rows = backfillRows([
      result({ size: 10_000, seconds: 100, recordsPerSecond: 100 }),
      result({ size: 1_000 }),
    ]);
    expect(rows.map((r) => r.figure)).toEqual([
      'import 1,000 records/s',
      'import 1,000 time',
      'import 1,000 settled',
      'import 1,000 peak catalog-service',
      'import 10,000 records/s',
      'import 10,000 time',
      'import 10,000 settled',
      'import 10,000 peak catalog-service',
      'import time growth exponent (1000→10000)',
      'import peak catalog-service at 10000 vs 1000',
    ]);
  });

  it('adds Salesforce calls, per record and beside the fewest packed calls, prefixed', () => {
    const rows = backfillRows([
      result({ system: 'salesforce', direction: 'export', size: 10_000, externalCalls: 55 }),
    ]);
    expect(rows.find((r) => r.figure === 'salesforce export 10,000 external calls')).toEqual({
      figure: 'salesforce export 10,000 external calls',
      value: 55,
      unit: 'calls',
      baseline: { name: 'fewest, records packed', value: 50 },
    });
    expect(rows.find((r) => r.figure === 'salesforce export 10,000 calls per record')?.value).toBe(
      0.0055,
    );
    expect(rows.find((r) => r.figure === 'salesforce export 10,000 time')?.target).toBeUndefined();
    expect(rows.some((r) => r.figure.includes('429'))).toBe(false);
  });

  it("holds a Xero run's time to ⌈calls ÷ 54⌉ minutes plus 10 s and its 429s to none", () => {
    const [fast, slow] = [
      result({ system: 'xero', direction: 'export', size: 1_000, seconds: 69, externalCalls: 22 }),
      result({
        system: 'xero',
        direction: 'import',
        size: 1_000,
        seconds: 131,
        externalCalls: 108,
        rejectedCalls: 2,
      }),
    ].map((run) => backfillRows([run]));
    expect(fast?.find((r) => r.figure === 'xero export 1,000 time')?.target).toEqual({
      text: '≤ 70 s (⌈22 ÷ 54⌉ min + 10 s)',
      met: true,
    });
    expect(slow?.find((r) => r.figure === 'xero import 1,000 time')?.target).toEqual({
      text: '≤ 130 s (⌈108 ÷ 54⌉ min + 10 s)',
      met: false,
    });
    expect(slow?.find((r) => r.figure === 'xero import 1,000 429 responses')?.target).toEqual({
      text: '0',
      met: false,
    });
    expect(
      slow?.find((r) => r.figure === 'xero import 1,000 external calls')?.baseline?.value,
    ).toBe(11);
  });

  it('orders systems Stripe, Salesforce, Xero whatever order the runs came in', () => {
    const rows = backfillRows([
      result({ system: 'xero', externalCalls: 11, rejectedCalls: 0 }),
      result({ system: 'salesforce', externalCalls: 1 }),
      result({}),
    ]);
    const firsts = rows.filter((r) => r.figure.endsWith('records/s')).map((r) => r.figure);
    expect(firsts).toEqual([
      'import 1,000 records/s',
      'salesforce import 1,000 records/s',
      'xero import 1,000 records/s',
    ]);
  });
});

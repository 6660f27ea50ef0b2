import { perMinuteSeries, systemsIn, total } from './chart-series';

describe('chart series', () => {
  const charts = {
    from: '2026-12-05T10:00:30.000Z',
    to: '2026-12-05T10:04:10.000Z',
    perMinute: [
      { minute: '2026-12-05T10:01:00.000Z', system: 'stripe', changes: 4, failures: 1 },
      { minute: '2026-12-05T10:03:00.000Z', system: 'stripe', changes: 2, failures: 0 },
      { minute: '2026-12-05T10:03:00.000Z', system: 'xero', changes: 5, failures: 2 },
    ],
    budgets: [
      {
        system: 'salesforce',
        budget: null,
        apiAllocation: null,
        observedAt: '2026-12-05T10:00:00Z',
      },
    ],
  };

  it('has a point for every minute of the window, zero where nothing happened', () => {
    const series = perMinuteSeries(charts, 'changes', ['stripe', 'xero']);
    expect(series).toHaveLength(5);
    expect(series.map((point) => [point['stripe'], point['xero']])).toEqual([
      [0, 0],
      [4, 0],
      [0, 0],
      [2, 5],
      [0, 0],
    ]);
    expect(total(series, 'stripe')).toBe(6);
    expect(total(perMinuteSeries(charts, 'failures', ['xero']), 'xero')).toBe(2);
  });

  it('names every system that synced or reported a budget', () => {
    expect(systemsIn(charts)).toEqual(['salesforce', 'stripe', 'xero']);
  });
});

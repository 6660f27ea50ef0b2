import { budgetSeries, peak, perMinuteSeries, systemsIn, total } from './chart-series';

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
    budgetPerMinute: [],
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

  it('charts budget use as a share of its limit, each minute, with gaps where nothing was reported', () => {
    const { lines, series } = budgetSeries({
      from: charts.from,
      to: charts.to,
      budgetPerMinute: [
        {
          minute: '2026-12-05T10:01:00.000Z',
          system: 'stripe',
          budget: { used: 20, limit: 25 },
          apiAllocation: null,
        },
        {
          minute: '2026-12-05T10:03:00.000Z',
          system: 'salesforce',
          budget: null,
          apiAllocation: { used: 14_250, limit: 15_000 },
        },
        {
          minute: '2026-12-05T10:03:00.000Z',
          system: 'stripe',
          budget: { used: 25, limit: 25 },
          apiAllocation: null,
        },
      ],
    });
    expect(lines.map((line) => line.key)).toEqual(['salesforce.apiAllocation', 'stripe.budget']);
    expect(
      series.map((point) => [point['stripe.budget'], point['salesforce.apiAllocation']]),
    ).toEqual([
      [null, null],
      [80, null],
      [null, null],
      [100, 95],
      [null, null],
    ]);
    expect(peak(series, 'stripe.budget')).toBe(100);
    expect(peak(series, 'xero.budget')).toBeNull();
  });
});

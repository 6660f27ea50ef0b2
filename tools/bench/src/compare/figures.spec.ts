import { compareFigures, interleaved, medianFigures, renderComparison } from './figures';

describe('medianFigures', () => {
  it('takes the median of each figure over the runs, keeping the order they first appear in', () => {
    const runs = [
      [
        { key: 'outbound sustained', value: 40, unit: '/s' },
        { key: 'outbound CPU total', value: 12, unit: 'ms/change' },
      ],
      [
        { key: 'outbound sustained', value: 50, unit: '/s' },
        { key: 'outbound CPU total', value: 10, unit: 'ms/change' },
      ],
      [
        { key: 'outbound sustained', value: 30, unit: '/s' },
        { key: 'outbound CPU total', value: 11, unit: 'ms/change' },
        { key: 'outbound CPU outbox-relay', value: 2, unit: 'ms/change' },
      ],
    ];
    expect(medianFigures(runs)).toEqual([
      { key: 'outbound sustained', value: 40, unit: '/s' },
      { key: 'outbound CPU total', value: 11, unit: 'ms/change' },
      { key: 'outbound CPU outbox-relay', value: 2, unit: 'ms/change' },
    ]);
  });
});

describe('interleaved', () => {
  it('alternates the trees run by run: A B A B A B', () => {
    expect(interleaved(['A', 'B'], 3).map((step) => `${step.tree}${step.run}`)).toEqual([
      'A0',
      'B0',
      'A1',
      'B1',
      'A2',
      'B2',
    ]);
  });
});

describe('compareFigures and renderComparison', () => {
  const rows = compareFigures(
    [
      { key: 'CPU total', value: 9, unit: 'ms/change' },
      { key: 'CPU outbox-relay', value: 1.5, unit: 'ms/change' },
    ],
    [
      { key: 'CPU total', value: 12, unit: 'ms/change' },
      { key: 'SQL statements', value: 0, unit: '/change' },
    ],
  );

  it('lines up both trees, ratio this / reference, a figure one lacks as NaN', () => {
    expect(rows).toEqual([
      { key: 'CPU total', unit: 'ms/change', current: 9, reference: 12, ratio: 0.75 },
      {
        key: 'CPU outbox-relay',
        unit: 'ms/change',
        current: 1.5,
        reference: Number.NaN,
        ratio: Number.NaN,
      },
      {
        key: 'SQL statements',
        unit: '/change',
        current: Number.NaN,
        reference: 0,
        ratio: Number.NaN,
      },
    ]);
  });

  it('prints one line per figure with both values and the ratio', () => {
    const text = renderComparison('pipeline', ['this', 'a2ffa5c'], rows);
    const lines = text.split('\n');
    expect(lines[1]).toBe('pipeline');
    expect(lines[2]).toMatch(/^figure\s+\| unit\s+\| this \| a2ffa5c \| ratio$/);
    expect(lines.find((l) => l.startsWith('CPU total'))).toMatch(/9\.00 \|\s+12\.0 \|\s+0\.75$/);
    expect(lines.find((l) => l.startsWith('CPU outbox-relay'))).toMatch(/1\.50 \|\s+– \|\s+–$/);
  });

  it('keeps three significant digits of a figure below 1', () => {
    const small = compareFigures(
      [{ key: 'SQL statements', value: 0.0123, unit: '/row' }],
      [{ key: 'SQL statements', value: 0.25, unit: '/row' }],
    );
    expect(renderComparison('relay', ['this', 'ref'], small)).toMatch(/0\.0123 \|\s+0\.250 \|/);
  });
});

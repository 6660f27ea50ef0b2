import { renderTable } from './results-table';

describe('renderTable', () => {
  it('prints a figure with its unit, baseline, ratio, target and result', () => {
    const table = renderTable('Title', [
      {
        figure: 'export 1,000 external calls',
        value: 22,
        unit: 'calls',
        baseline: { name: 'fewest', value: 20 },
        target: { text: '≤ 25', met: true },
      },
    ]);
    expect(table).toContain('\nTitle\n');
    expect(table).toMatch(
      /export 1,000 external calls \| 22\.0 calls \| 20\.0 \(fewest\) \| 1\.10 +\| ≤ 25 +\| met/,
    );
  });

  it('keeps two significant digits below 0.01 rather than printing 0.00', () => {
    const table = renderTable('Title', [
      { figure: 'calls per record', value: 0.0053, unit: '' },
      { figure: 'none', value: 0, unit: '' },
      { figure: 'rate', value: 1234.5, unit: '/s' },
    ]);
    expect(table).toContain('calls per record | 0.0053');
    expect(table).toContain('none             | 0.00');
    expect(table).toContain('rate             | 1,235 /s');
  });
});

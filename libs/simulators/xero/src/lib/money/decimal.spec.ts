import { Decimal } from './decimal';
import { computeLine, invoiceTotals } from './line-amounts';

const d = (value: number | string): Decimal => Decimal.from(value);

describe('Decimal', () => {
  it.each([
    [19.99, '19.99'],
    ['0.1', '0.1'],
    ['-3', '-3'],
    ['1e-2', '0.01'],
    ['2.5E3', '2500'],
    [0.0001, '0.0001'],
  ])('parses %p as %s', (input, text) => {
    expect(d(input).toString()).toBe(text);
  });

  it.each(['', 'abc', '1.2.3', '.', '--1'])('refuses %p', (input) => {
    expect(() => d(input)).toThrow(RangeError);
  });

  it('adds without binary floating point error', () => {
    expect(d(0.1).add(d(0.2)).toString()).toBe('0.3');
    expect(d(0.1).add(d(0.2)).toNumber()).toBe(0.3);
  });

  it.each([
    ['2.345', 2, '2.35'],
    ['-2.345', 2, '-2.35'],
    ['2.344', 2, '2.34'],
    ['1.005', 2, '1.01'],
    ['7', 2, '7.00'],
  ])('rounds %s half away from zero to %i dp: %s', (input, dp, text) => {
    expect(d(input).round(dp).toString()).toBe(text);
  });

  it('divides with rounding and refuses a zero divisor', () => {
    expect(d(10).div(d(3), 2).toString()).toBe('3.33');
    expect(d(20).div(d(3), 4).toString()).toBe('6.6667');
    expect(() => d(1).div(d(0), 2)).toThrow('division by zero');
  });

  it('compares across scales', () => {
    expect(d('1.50').compare(d('1.5'))).toBe(0);
    expect(d('1.49').compare(d('1.5'))).toBe(-1);
    expect(d('1.5000').significantScale()).toBe(1);
  });
});

describe('line amounts and invoice totals', () => {
  const line = (quantity: string, unitAmount: string, rate = '20', discountRate?: string) => ({
    quantity: d(quantity),
    unitAmount: d(unitAmount),
    taxRatePercent: d(rate),
    ...(discountRate ? { discountRate: d(discountRate) } : {}),
  });

  it('adds tax on top of exclusive line amounts', () => {
    const lines = [
      computeLine(line('3', '19.99'), 'Exclusive'),
      computeLine(line('1', '0.05'), 'Exclusive'),
    ];
    expect(lines.map((l) => [l.lineAmount.toString(), l.taxAmount.toString()])).toEqual([
      ['59.97', '11.99'],
      ['0.05', '0.01'],
    ]);
    const totals = invoiceTotals(lines, 'Exclusive');
    expect([totals.subTotal, totals.totalTax, totals.total].map(String)).toEqual([
      '60.02',
      '12.00',
      '72.02',
    ]);
  });

  it('carves tax out of inclusive line amounts', () => {
    const lines = [
      computeLine(line('1', '120'), 'Inclusive'),
      computeLine(line('2', '9.99'), 'Inclusive'),
    ];
    expect(lines.map((l) => l.taxAmount.toString())).toEqual(['20.00', '3.33']);
    const totals = invoiceTotals(lines, 'Inclusive');
    expect([totals.subTotal, totals.totalTax, totals.total].map(String)).toEqual([
      '116.65',
      '23.33',
      '139.98',
    ]);
  });

  it('charges no tax for NoTax and rounds 4 dp unit amounts to 2 dp line amounts', () => {
    const computed = computeLine(line('3', '0.3333'), 'NoTax');
    expect(computed.lineAmount.toString()).toBe('1.00');
    expect(computed.taxAmount.toString()).toBe('0.00');
    expect(invoiceTotals([computed], 'NoTax').total.toString()).toBe('1.00');
  });

  it('applies a discount rate before rounding', () => {
    expect(computeLine(line('3', '10.01', '0', '12.5'), 'Exclusive').lineAmount.toString()).toBe(
      '26.28',
    );
  });
});

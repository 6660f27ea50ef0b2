import { parseBenchOptions } from './bench-options';

describe('parseBenchOptions', () => {
  it('defaults to three interleaved runs, no reference, every stage at its own size', () => {
    const options = parseBenchOptions([], []);
    expect(options).toMatchObject({ runs: 3, keepAgainst: false });
    expect(options.against).toBeUndefined();
    expect(options.count).toBeUndefined();
    expect(options.stages).toBeUndefined();
  });

  it('reads --against, --runs, --keep-against, --count (or --rows) and --stages', () => {
    const options = parseBenchOptions(
      [
        '--against',
        'a2ffa5c',
        '--runs',
        '5',
        '--keep-against',
        '--rows',
        '2000',
        '--stages',
        'relay, applier',
      ],
      [],
    );
    expect(options).toMatchObject({
      against: 'a2ffa5c',
      runs: 5,
      keepAgainst: true,
      count: 2000,
      stages: ['relay', 'applier'],
    });
  });

  it('names the option whose value is missing or wrong', () => {
    expect(() => parseBenchOptions(['--against'], [])).toThrow('--against expects a value');
    expect(() => parseBenchOptions(['--against', '--quick'], [])).toThrow(
      '--against expects a value',
    );
    expect(() => parseBenchOptions(['--runs', '0'], [])).toThrow(
      '--runs expects a positive integer, got "0"',
    );
    expect(() => parseBenchOptions(['--count', 'many'], [])).toThrow(
      '--count expects a positive integer, got "many"',
    );
    expect(() => parseBenchOptions(['--fast'], [])).toThrow(/unknown option --fast/);
  });
});

describe('parseBenchOptions --system', () => {
  it('runs Stripe only unless told otherwise', () => {
    expect(parseBenchOptions([], []).systems).toEqual(['stripe']);
  });

  it('takes one system, a comma-separated list (in the fixed order, once each) or all', () => {
    expect(parseBenchOptions(['--system', 'xero'], []).systems).toEqual(['xero']);
    expect(parseBenchOptions(['--system', 'xero, salesforce,xero'], []).systems).toEqual([
      'salesforce',
      'xero',
    ]);
    expect(parseBenchOptions(['--system', 'all'], []).systems).toEqual([
      'stripe',
      'salesforce',
      'xero',
    ]);
  });

  it('names an unknown or missing system', () => {
    expect(() => parseBenchOptions(['--system', 'hubspot'], [])).toThrow(
      '--system takes stripe, salesforce, xero or all (comma-separated), got "hubspot"',
    );
    expect(() => parseBenchOptions(['--system'], [])).toThrow('--system expects a value');
  });
});

import { summarize } from '../stats/percentiles';
import { tagOf } from '../world/catalog-arrivals';
import type { PhaseResult } from './flow-probe';
import { directionRows, systemPrefix } from './pipeline-report';

const phase: PhaseResult = {
  sent: 4,
  failed: 0,
  arrived: 4,
  latency: summarize([10, 20, 30, 40]),
  sustainedPerSecond: 12,
  acceptedPerSecond: 12,
};
const baseline = {
  name: 'kafka',
  what: 'produce',
  perSecond: 1000,
  latency: summarize([1, 2, 3]),
};

describe('pipeline figures per system', () => {
  it("keeps Stripe's figure names and prefixes the other systems'", () => {
    expect(systemPrefix(undefined)).toBe('');
    expect(systemPrefix('stripe')).toBe('');
    expect(systemPrefix('xero')).toBe('xero ');
    const rows = (system?: 'stripe' | 'salesforce') =>
      directionRows({ system, direction: 'inbound', what: 'w', sustained: phase, loads: [] }, [
        baseline,
      ]).map((row) => row.figure);
    expect(rows('stripe')).toEqual(['inbound sustained throughput']);
    expect(rows('salesforce')).toEqual(['salesforce inbound sustained throughput']);
  });

  it('tags a customer by its email, else by its `Bench <tag>` name (Salesforce Accounts)', () => {
    expect(tagOf({ email: 'in-1@bench.example', name: 'Bench 3' })).toBe('in-1@bench.example');
    expect(tagOf({ email: null, name: 'Bench in-2@bench.example' })).toBe('in-2@bench.example');
    expect(tagOf({ name: 'Someone else' })).toBeNull();
  });
});

import { exceedsMassDeleteLimit } from './mass-delete-threshold';

describe('exceedsMassDeleteLimit', () => {
  const limits = { maxShare: 0.2, minCount: 10 };

  it('never trips below the minimum count, however large the share', () => {
    expect(exceedsMassDeleteLimit({ deletes: 9, population: 9 }, limits)).toBe(false);
  });

  it('trips once the deletes exceed the share of the population', () => {
    expect(exceedsMassDeleteLimit({ deletes: 10, population: 50 }, limits)).toBe(false);
    expect(exceedsMassDeleteLimit({ deletes: 11, population: 50 }, limits)).toBe(true);
    expect(exceedsMassDeleteLimit({ deletes: 10, population: 1000 }, limits)).toBe(false);
  });
});

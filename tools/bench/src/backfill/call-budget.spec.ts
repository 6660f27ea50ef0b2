import { packedCalls, xeroTimeBoundSeconds } from './call-budget';

describe('xeroTimeBoundSeconds', () => {
  it('allows a started minute per 54 calls, plus 10 seconds', () => {
    expect(xeroTimeBoundSeconds(1)).toBe(70);
    expect(xeroTimeBoundSeconds(54)).toBe(70);
    expect(xeroTimeBoundSeconds(55)).toBe(130);
    expect(xeroTimeBoundSeconds(200)).toBe(4 * 60 + 10);
  });
});

describe('packedCalls', () => {
  it('counts full write batches for an export: 200 a Salesforce collection, 50 a Xero PUT', () => {
    expect(packedCalls('salesforce', 'export', 10_000)).toBe(50);
    expect(packedCalls('salesforce', 'export', 10_001)).toBe(51);
    expect(packedCalls('xero', 'export', 10_000)).toBe(200);
    expect(packedCalls('xero', 'export', 1_000)).toBe(20);
  });

  it('counts pages for an import, the empty page that ends a Xero list included', () => {
    expect(packedCalls('xero', 'import', 1_000)).toBe(11);
    expect(packedCalls('xero', 'import', 1_050)).toBe(11);
    expect(packedCalls('salesforce', 'import', 10_000)).toBe(5);
    expect(packedCalls('salesforce', 'import', 300)).toBe(1);
  });
});

import { SeededRandom } from '@concord/simulators/core';

import {
  idChecksum,
  KEY_PREFIXES,
  keyPrefixOf,
  normalizeSalesforceId,
  SalesforceIdFactory,
  to18CharId,
} from './salesforce-id';

describe('Salesforce ids', () => {
  it('computes the case-safe suffix of known ids', () => {
    // Published examples of 15- and 18-character pairs.
    expect(to18CharId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(to18CharId('003D000000QOeFN')).toBe('003D000000QOeFNIA1');
    expect(idChecksum('000000000000000')).toBe('AAA');
    expect(idChecksum('AAAAAAAAAAAAAAA')).toBe('555');
  });

  it('normalises 15-character ids and refuses bad checksums and shapes', () => {
    expect(normalizeSalesforceId('001A0000006Vm9r')).toBe('001A0000006Vm9rIAC');
    expect(normalizeSalesforceId('001A0000006Vm9rIAC')).toBe('001A0000006Vm9rIAC');
    expect(normalizeSalesforceId('001A0000006Vm9rAAA')).toBeUndefined();
    expect(normalizeSalesforceId('001-not-an-id')).toBeUndefined();
    expect(normalizeSalesforceId('')).toBeUndefined();
    expect(() => to18CharId('short')).toThrow(RangeError);
  });

  it('mints 18-character ids with the key prefix, unique and reproducible from the seed', () => {
    const mint = (seed: number): string[] => {
      const factory = new SalesforceIdFactory(new SeededRandom(seed).stream('ids'));
      const pod = factory.pod();
      return [
        factory.next(KEY_PREFIXES.Account, pod),
        factory.next(KEY_PREFIXES.Contact, pod),
        factory.next(KEY_PREFIXES.Product2, pod),
        factory.next(KEY_PREFIXES.Pricebook2, pod),
        factory.next(KEY_PREFIXES.PricebookEntry, pod),
      ];
    };
    const ids = mint(5);
    expect(ids.map(keyPrefixOf)).toEqual(['001', '003', '01t', '01s', '01u']);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9A-Za-z]{18}$/);
      expect(normalizeSalesforceId(id)).toBe(id);
      expect(normalizeSalesforceId(id.slice(0, 15))).toBe(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(mint(5)).toEqual(ids);
    expect(mint(6)).not.toEqual(ids);
  });
});

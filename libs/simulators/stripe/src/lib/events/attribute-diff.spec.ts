import { diffAttributes } from './attribute-diff';

describe('diffAttributes (previous_attributes of update events)', () => {
  it('keeps the old value of changed scalars and arrays only', () => {
    expect(
      diffAttributes(
        { name: 'a', email: 'x', locales: ['en'], balance: 0 },
        { name: 'b', email: 'x', locales: ['en', 'fr'], balance: 0 },
      ),
    ).toEqual({ name: 'a', locales: ['en'] });
  });

  it('compares hashes key by key, with null for added keys', () => {
    expect(
      diffAttributes({ metadata: { a: '1', b: '2' } }, { metadata: { a: '1', b: '3', c: '4' } }),
    ).toEqual({
      metadata: { b: '2', c: null },
    });
  });

  it('treats a hash replacing null as a whole change', () => {
    expect(diffAttributes({ address: null }, { address: { city: 'X' } })).toEqual({
      address: null,
    });
  });

  it('is empty when nothing changed', () => {
    expect(diffAttributes({ a: { b: [1] } }, { a: { b: [1] } })).toEqual({});
  });
});

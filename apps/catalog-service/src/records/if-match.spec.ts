import { PreconditionFailedError, ValidationError } from '@concord/errors';

import { assertVersion, etagOf, parseIfMatch, requireIfMatch } from './if-match';

describe('If-Match and ETag', () => {
  it('reads the version from quoted, bare and weak tags', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('3')).toBe(3);
    expect(parseIfMatch(' W/"12" ')).toBe(12);
    expect(parseIfMatch(undefined)).toBeUndefined();
    expect(parseIfMatch('')).toBeUndefined();
    expect(parseIfMatch(etagOf(41))).toBe(41);
  });

  it('refuses tags that are not versions, naming the header', () => {
    for (const bad of ['*', '"abc"', '"0"', '-1', '"3", "4"', '1.5']) {
      expect(() => parseIfMatch(bad)).toThrow(ValidationError);
    }
    try {
      requireIfMatch(undefined);
      throw new Error('accepted');
    } catch (error) {
      expect((error as ValidationError).fields.map((f) => f.field)).toEqual(['If-Match']);
    }
  });

  it('fails the precondition only on a different version', () => {
    expect(() => assertVersion(3, 3)).not.toThrow();
    expect(() => assertVersion(3, undefined)).not.toThrow();
    expect(() => assertVersion(3, 2)).toThrow(PreconditionFailedError);
  });
});

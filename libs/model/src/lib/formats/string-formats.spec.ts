import { FORBIDDEN_CONTROL_CHARACTERS, withoutControlCharacters } from './control-characters';
import { isEmail, isIsoDate, isIsoDateTime, isUuid } from './string-formats';

describe('string formats', () => {
  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-1-01')).toBe(false);
  });

  it('accepts date-times with an explicit offset', () => {
    expect(isIsoDateTime('2025-06-01T10:20:30Z')).toBe(true);
    expect(isIsoDateTime('2025-06-01T10:20:30.123+02:00')).toBe(true);
    expect(isIsoDateTime('2025-06-01T10:20:30')).toBe(false);
    expect(isIsoDateTime('2025-06-31T10:20:30Z')).toBe(false);
    expect(isIsoDateTime('2025-06-01 10:20:30Z')).toBe(false);
  });

  it('recognises emails and uuids', () => {
    expect(isEmail('ada@example.com')).toBe(true);
    expect(isEmail('ada@')).toBe(false);
    expect(isUuid('0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(isUuid('0f8fad5b-d9cb-469f-a165')).toBe(false);
  });
});

describe('control characters', () => {
  it('removes every C0 control character but tab, line feed and carriage return, keys included', () => {
    expect(
      withoutControlCharacters({
        name: 'a\u0000b\u001f',
        lines: ['x\ty\r\nz\u000b'],
        ['k\u0007']: 1,
        nothing: null,
      }),
    ).toEqual({ name: 'ab', lines: ['x\ty\r\nz'], k: 1, nothing: null });
    expect(FORBIDDEN_CONTROL_CHARACTERS.test('line\r\nbreak\ttab')).toBe(false);
    expect(FORBIDDEN_CONTROL_CHARACTERS.test('bell\u0007')).toBe(true);
  });
});

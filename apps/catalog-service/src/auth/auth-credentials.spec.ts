import { AuthError } from '@concord/errors';

import { bearerToken } from './bearer-token';
import { matchesPlatformAdminKey } from './platform-admin-key';

describe('bearer tokens', () => {
  it('takes the token of a Bearer header, case-insensitively', () => {
    expect(bearerToken('Bearer ck_live_abc')).toBe('ck_live_abc');
    expect(bearerToken('bearer   ck_live_abc ')).toBe('ck_live_abc');
  });

  it('answers missing and malformed headers with an AuthError', () => {
    expect(() => bearerToken(undefined)).toThrow(AuthError);
    expect(() => bearerToken('Basic dXNlcjpwYXNz')).toThrow(/Bearer <key>/);
    expect(() => bearerToken('Bearer a b')).toThrow(AuthError);
  });
});

describe('platform admin key', () => {
  it('matches only the exact key, whatever the length of the guess', () => {
    const key = 'k'.repeat(32);
    expect(matchesPlatformAdminKey(key, key)).toBe(true);
    expect(matchesPlatformAdminKey(`${key}x`, key)).toBe(false);
    expect(matchesPlatformAdminKey('', key)).toBe(false);
    expect(matchesPlatformAdminKey(key.slice(1), key)).toBe(false);
  });
});

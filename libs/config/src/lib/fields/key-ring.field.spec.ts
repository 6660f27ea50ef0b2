import { randomBytes } from 'node:crypto';

import { ConfigError } from '../config.error';
import { loadEnv } from '../load-env';
import { secretsEnv } from '../slices/secrets.env';
import { activeKeyId, keyRing, keyRingIds } from './key-ring.field';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadEnv(secretsEnv, env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('keyRing and activeKeyId', () => {
  it('decodes every key to its 32 bytes and keeps the active id', () => {
    const config = loadEnv(secretsEnv, {
      CONCORD_SECRETS_KEYS: `k1:${k1}, k2:${k2}`,
      CONCORD_SECRETS_ACTIVE_KEY: 'k2',
    });
    expect(Object.keys(config.CONCORD_SECRETS_KEYS)).toEqual(['k1', 'k2']);
    expect(config.CONCORD_SECRETS_KEYS['k1'].equals(Buffer.from(k1, 'base64'))).toBe(true);
    expect(config.CONCORD_SECRETS_ACTIVE_KEY).toBe('k2');
    expect(Object.isFrozen(config.CONCORD_SECRETS_KEYS)).toBe(true);
  });

  it('accepts url-safe base64 keys', () => {
    const key = randomBytes(32).toString('base64url');
    const config = loadEnv({ KEYS: keyRing() }, { KEYS: `a:${key}` });
    expect(config.KEYS['a'].equals(Buffer.from(key, 'base64url'))).toBe(true);
  });

  it.each([
    [
      `k1:${randomBytes(16).toString('base64')}`,
      'has key "k1" that is not base64 of exactly 32 bytes',
    ],
    [
      `k1:${randomBytes(33).toString('base64')}`,
      'has key "k1" that is not base64 of exactly 32 bytes',
    ],
    ['k1:not*base64!', 'has key "k1" that is not base64 of exactly 32 bytes'],
    [`${k1}`, 'must list keys as <kid>:<base64 32 bytes>; entry 1 has no valid key id'],
    [
      `k1:${k1},bad kid:${k2}`,
      'must list keys as <kid>:<base64 32 bytes>; entry 2 has no valid key id',
    ],
    [`k1:${k1},k1:${k2}`, 'must not repeat key id "k1"'],
  ])('refuses a malformed ring without revealing a key (%#)', (ring, reason) => {
    const error = refusal({ CONCORD_SECRETS_KEYS: ring, CONCORD_SECRETS_ACTIVE_KEY: 'k1' });
    expect(error.message).toContain(`CONCORD_SECRETS_KEYS ${reason}`);
    expect(error.message).toContain(`(got a value of ${ring.length} characters)`);
    for (const key of [k1, k2, ring]) expect(error.message).not.toContain(key);
  });

  it('refuses an active id that is not in the ring, naming the known ids only', () => {
    const error = refusal({
      CONCORD_SECRETS_KEYS: `k1:${k1},k2:${k2}`,
      CONCORD_SECRETS_ACTIVE_KEY: 'k3',
    });
    expect(error.message).toBe(
      'Invalid environment: CONCORD_SECRETS_ACTIVE_KEY must name a key in CONCORD_SECRETS_KEYS ' +
        '(known ids: k1, k2) (got "k3")',
    );
  });

  it('reports both variables when both are missing', () => {
    expect(refusal({}).lines).toEqual([
      'CONCORD_SECRETS_KEYS is required',
      'CONCORD_SECRETS_ACTIVE_KEY is required',
    ]);
  });

  it('leaves the membership check to the ring when the ring is unset', () => {
    expect(loadEnv({ ACTIVE: activeKeyId({ keyRing: 'KEYS' }) }, { ACTIVE: 'k1' }).ACTIVE).toBe(
      'k1',
    );
  });

  it('lists the ids of a ring without judging its keys', () => {
    expect(keyRingIds('a:x, b:y,,c')).toEqual(['a', 'b']);
  });
});

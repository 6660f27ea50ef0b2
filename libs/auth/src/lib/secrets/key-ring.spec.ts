import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

import { ValidationError } from '@concord/errors';

import { generateKey, KeyRing } from './key-ring';
import { decryptSecret, encryptSecret } from './secret-envelope';

describe('KeyRing', () => {
  const k1 = generateKey();
  const k2 = generateKey();

  it('generates distinct base64 keys of 32 bytes', () => {
    expect(Buffer.from(k1, 'base64')).toHaveLength(32);
    expect(k1).not.toBe(k2);
  });

  it('parses CONCORD_SECRETS_KEYS text and accepts the bytes @concord/config produces', () => {
    const parsed = KeyRing.parse(` k1:${k1} , k2:${k2} `, 'k2');
    expect(parsed.keyIds).toEqual(['k1', 'k2']);
    expect(parsed.activeKeyId).toBe('k2');
    const fromBytes = new KeyRing(
      { k1: Buffer.from(k1, 'base64'), k2: Buffer.from(k2, 'base64') },
      'k1',
    );
    expect(decryptSecret(parsed, encryptSecret(fromBytes, 'x'))).toBe('x');
    expect(new KeyRing(new Map([['k1', k1]]), 'k1').has('k1')).toBe(true);
  });

  it.each([
    [() => new KeyRing({}, 'k1'), 'Invalid key ring: it holds no keys'],
    [() => new KeyRing({ k1 }, 'k2'), 'Invalid key ring: active key "k2" is not one of k1'],
    [
      () => new KeyRing({ k1: randomBytes(16) }, 'k1'),
      'Invalid key ring: key "k1" is not 32 bytes (base64)',
    ],
    [
      () => new KeyRing({ k1: 'not base64!' }, 'k1'),
      'Invalid key ring: key "k1" is not 32 bytes (base64)',
    ],
    [() => new KeyRing({ 'a:b': k1 }, 'a:b'), 'Invalid key ring: "a:b" is not a valid key id'],
    [() => KeyRing.parse(`k1:${k1},k1:${k2}`, 'k1'), 'Invalid key ring: key id "k1" appears twice'],
    [
      () => KeyRing.parse(k1, 'k1'),
      'Invalid key ring: every entry must be <kid>:<base64 32 bytes>',
    ],
  ])('refuses a bad ring with a message free of key material (%#)', (build, message) => {
    let error: unknown;
    try {
      build();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toBe(message);
  });

  it('shows only key ids when logged', () => {
    const ring = new KeyRing({ k1, k2 }, 'k2');
    const shown = `${JSON.stringify(ring)} ${inspect(ring)} ${String(Object.keys(ring))}`;
    expect(JSON.parse(JSON.stringify(ring))).toEqual({ activeKeyId: 'k2', keyIds: ['k1', 'k2'] });
    expect(shown).not.toContain(k1);
    expect(shown).not.toContain(k2);
    expect(shown).not.toContain(Buffer.from(k1, 'base64').toString('hex'));
  });
});

import { AuthError, ValidationError } from '@concord/errors';

import { generateApiKey, hashApiKey, parseApiKey, precheckApiKey, verifyApiKey } from './api-key';

describe('API keys', () => {
  it('generates <prefix>_<keyId>_<secret> and stores only a salted scrypt hash and a precheck', async () => {
    const generated = await generateApiKey();
    expect(generated.key).toMatch(/^ck_live_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}$/);
    expect(generated.key).toContain(`_${generated.keyId}_`);
    expect(generated.hash).toMatch(/^scrypt\$8192\$8\$1\$[\w-]+\$[\w-]+\$[\w-]{6}$/);
    expect(generated.hash).not.toContain(generated.key.split('_').pop());
    expect(await verifyApiKey(generated.key, generated.hash)).toBe(true);
  });

  it('uses a custom prefix and never repeats ids or secrets', async () => {
    const keys = await Promise.all(Array.from({ length: 20 }, () => generateApiKey('ck_test')));
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(20);
    expect(new Set(keys.map((k) => k.key)).size).toBe(20);
    for (const { key } of keys) expect(parseApiKey(key).prefix).toBe('ck_test');
    await expect(generateApiKey('Bad Prefix')).rejects.toBeInstanceOf(ValidationError);
  });

  it('hashes the same key differently each time (per-key salt), and both verify', async () => {
    const { key } = await generateApiKey();
    const [first, second] = [await hashApiKey(key), await hashApiKey(key)];
    expect(first).not.toBe(second);
    expect(await verifyApiKey(key, first)).toBe(true);
    expect(await verifyApiKey(key, second)).toBe(true);
  });

  it('refuses a wrong secret, another key and garbage', async () => {
    const { key, hash } = await generateApiKey();
    const other = await generateApiKey();
    const lastChar = key.at(-1) === 'a' ? 'b' : 'a';
    expect(await verifyApiKey(`${key.slice(0, -1)}${lastChar}`, hash)).toBe(false);
    expect(await verifyApiKey(other.key, hash)).toBe(false);
    expect(await verifyApiKey('', hash)).toBe(false);
    expect(await verifyApiKey('x'.repeat(10_000), hash)).toBe(false);
  });

  it('treats a malformed stored hash as a data fault, not a mismatch', async () => {
    const { key, hash } = await generateApiKey();
    const [, , r, p, salt, digest] = hash.split('$');
    for (const stored of [
      '',
      'bcrypt$x',
      `scrypt$${1 << 22}$${r}$${p}$${salt}$${digest}`,
      `scrypt$1000$${r}$${p}$${salt}$${digest}`,
    ]) {
      await expect(verifyApiKey(key, stored)).rejects.toBeInstanceOf(ValidationError);
    }
  });

  it('parses the prefix and key id for an indexed lookup', () => {
    expect(parseApiKey('ck_live_AbCdEf123456_abcdefghijklmnopqrstuvwxyz012345')).toEqual({
      prefix: 'ck_live',
      keyId: 'AbCdEf123456',
    });
    expect(parseApiKey('sk_AbCdEf123456_abcdefghijklmnopqrstuvwxyz0123456789')).toEqual({
      prefix: 'sk',
      keyId: 'AbCdEf123456',
    });
  });

  it.each([
    '',
    'ck_live',
    'AbCdEf123456_abcdefghijklmnopqrstuvwxyz012345',
    'ck_live_AbCdEf12345_abcdefghijklmnopqrstuvwxyz012345',
    'ck_live_AbCdEf123456_short',
    'ck_live_AbCdEf123456_abcdefghijklmnopqrstuvwxyz01234!',
    'CK_live_AbCdEf123456_abcdefghijklmnopqrstuvwxyz012345',
  ])('refuses the malformed key %p without echoing it', (key) => {
    let error: unknown;
    try {
      parseApiKey(key);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toBe('Malformed API key');
  });

  it('uses scrypt parameters sized for a per-request check', async () => {
    const { key, hash } = await generateApiKey();
    const params = hash.split('$').slice(1, 4).map(Number);
    // 128 * N * r bytes of memory: 8 MiB, the cost that puts one verification at ~5-20 ms.
    expect(128 * params[0] * params[1]).toBe(8 * 1024 * 1024);
    expect(await verifyApiKey(key, hash)).toBe(true);
  });
});

describe('precheckApiKey', () => {
  it('refuses a wrong secret without scrypt, and sends the right one on to verifyApiKey', async () => {
    const generated = await generateApiKey('ck_test');
    expect(precheckApiKey(generated.key, generated.hash)).toBe('candidate');
    const other = await generateApiKey('ck_test');
    const wrong = `${generated.key.slice(0, -32)}${other.key.slice(-32)}`;
    expect(precheckApiKey(wrong, generated.hash)).toBe('mismatch');
    expect(precheckApiKey('', generated.hash)).toBe('mismatch');
  });

  it('leaves hashes stored before prechecks to verifyApiKey, which still accepts them', async () => {
    const generated = await generateApiKey('ck_test');
    const legacy = generated.hash.split('$').slice(0, 6).join('$');
    expect(precheckApiKey(generated.key, legacy)).toBe('unchecked');
    expect(await verifyApiKey(generated.key, legacy)).toBe(true);
  });
});

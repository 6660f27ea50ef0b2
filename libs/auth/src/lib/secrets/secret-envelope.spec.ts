import { inspect } from 'node:util';

import { AuthError, ValidationError } from '@concord/errors';

import { generateKey, KeyRing } from './key-ring';
import {
  decryptSecret,
  encryptSecret,
  isEncryptedSecret,
  reencryptSecret,
  secretKeyId,
} from './secret-envelope';
import { SecretErrorCode } from './secret-error-code';

const k1 = generateKey();
const k2 = generateKey();
const plaintext = 'sk_live_51Hx-very-secret-api-key';

function caught(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

/** Flips one bit of the decoded bytes of envelope part `index` (1 = iv, 2 = tag, 3 = ciphertext). */
function flipBit(envelope: string, index: 1 | 2 | 3): string {
  const [kid, ...parts] = envelope.slice('enc:v1:'.length).split(':');
  const bytes = Buffer.from(parts[index - 1], 'base64url');
  bytes[0] ^= 0x01;
  parts[index - 1] = bytes.toString('base64url');
  return `enc:v1:${kid}:${parts.join(':')}`;
}

function expectNoSecretsIn(error: Error): void {
  const text = `${error.message} ${JSON.stringify(error)} ${inspect(error)}`;
  for (const secret of [plaintext, k1, k2]) expect(text).not.toContain(secret);
}

describe('secret envelopes', () => {
  const ring = new KeyRing({ k1 }, 'k1');

  it('round-trips a secret, with a fresh IV every time', () => {
    const first = encryptSecret(ring, plaintext);
    const second = encryptSecret(ring, plaintext);
    expect(first).toMatch(/^enc:v1:k1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain(plaintext);
    expect(decryptSecret(ring, first)).toBe(plaintext);
    expect(decryptSecret(ring, second)).toBe(plaintext);
  });

  it('round-trips empty and non-ASCII secrets', () => {
    for (const value of ['', 'pässwörd ✓ 密码']) {
      expect(decryptSecret(ring, encryptSecret(ring, value))).toBe(value);
    }
  });

  it('rotates: an old key still decrypts and re-encryption moves the secret to the active key', () => {
    const underK1 = encryptSecret(ring, plaintext, 'tenant-a:stripe');
    const rotated = new KeyRing({ k1, k2 }, 'k2');
    expect(decryptSecret(rotated, underK1, 'tenant-a:stripe')).toBe(plaintext);
    const underK2 = reencryptSecret(rotated, underK1, 'tenant-a:stripe');
    expect(secretKeyId(underK2)).toBe('k2');
    expect(decryptSecret(new KeyRing({ k2 }, 'k2'), underK2, 'tenant-a:stripe')).toBe(plaintext);
    expect(reencryptSecret(rotated, underK2, 'tenant-a:stripe')).toBe(underK2);
    expect(encryptSecret(rotated, plaintext)).toMatch(/^enc:v1:k2:/);
  });

  it.each([
    ['iv', 1],
    ['tag', 2],
    ['ciphertext', 3],
  ] as const)('detects a flipped bit in the %s', (_part, index) => {
    const tampered = flipBit(encryptSecret(ring, plaintext), index);
    const error = caught(() => decryptSecret(ring, tampered));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(SecretErrorCode.SECRET_DECRYPTION_FAILED);
    expectNoSecretsIn(error);
  });

  it('refuses an envelope relabelled with another key id', () => {
    const both = new KeyRing({ k1, k2 }, 'k1');
    const relabelled = encryptSecret(both, plaintext).replace('enc:v1:k1:', 'enc:v1:k2:');
    expect(caught(() => decryptSecret(both, relabelled))).toBeInstanceOf(AuthError);
  });

  it('binds a secret to its associated data, so a copy under another tenant fails', () => {
    const envelope = encryptSecret(ring, plaintext, 'tenant-a:stripe');
    expect(decryptSecret(ring, envelope, 'tenant-a:stripe')).toBe(plaintext);
    for (const aad of ['tenant-b:stripe', undefined]) {
      const error = caught(() => decryptSecret(ring, envelope, aad));
      expect(error).toBeInstanceOf(AuthError);
      expectNoSecretsIn(error);
    }
    expect(
      caught(() => reencryptSecret(new KeyRing({ k1, k2 }, 'k2'), envelope, 'x')),
    ).toBeInstanceOf(AuthError);
  });

  it('names only the key id when the ring does not hold it', () => {
    const envelope = encryptSecret(new KeyRing({ old: k2 }, 'old'), plaintext);
    const error = caught(() => decryptSecret(ring, envelope));
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(SecretErrorCode.UNKNOWN_KEY_ID);
    expect(error.message).toBe('Cannot decrypt secret: key id "old" is not in the key ring');
    expectNoSecretsIn(error);
  });

  it.each([
    plaintext,
    'enc:v1:k1:abc',
    'enc:v2:k1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AA',
    'enc:v1:k1:AAAA:AAAAAAAAAAAAAAAAAAAAAA:AA',
    'enc:v1:k1:AAAAAAAAAAAAAAAA:AAAA:AA',
    'enc:v1:k1:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:A+/=',
    'enc:v1:bad kid:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AA',
  ])('refuses a malformed envelope %p without echoing it', (value) => {
    expect(isEncryptedSecret(value)).toBe(false);
    const error = caught(() => decryptSecret(ring, value));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).code).toBe(SecretErrorCode.MALFORMED_SECRET_ENVELOPE);
    expect(error.message).not.toContain(value);
    expect(() => reencryptSecret(ring, value)).toThrow(ValidationError);
  });

  it('recognises envelopes', () => {
    expect(isEncryptedSecret(encryptSecret(ring, plaintext))).toBe(true);
    expect(isEncryptedSecret(undefined)).toBe(false);
    expect(isEncryptedSecret(42)).toBe(false);
  });
});

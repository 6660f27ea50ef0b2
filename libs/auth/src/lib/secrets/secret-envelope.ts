import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

import { AuthError, ValidationError } from '@concord/errors';

import { KeyRing } from './key-ring';
import { SecretErrorCode } from './secret-error-code';

const PREFIX = 'enc:v1:';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;

interface ParsedEnvelope {
  kid: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

function malformed(): ValidationError {
  return new ValidationError(
    SecretErrorCode.MALFORMED_SECRET_ENVELOPE,
    'Not an encrypted secret: expected enc:v1:<kid>:<iv>:<tag>:<ciphertext>',
  );
}

function parseEnvelope(envelope: string): ParsedEnvelope | undefined {
  if (typeof envelope !== 'string' || !envelope.startsWith(PREFIX)) return undefined;
  const parts = envelope.slice(PREFIX.length).split(':');
  if (parts.length !== 4) return undefined;
  const [kid, iv, tag, ciphertext] = parts;
  if (!KEY_ID.test(kid) || ![iv, tag, ciphertext].every((part) => BASE64URL.test(part))) {
    return undefined;
  }
  const parsed = {
    kid,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
  return parsed.iv.length === IV_BYTES && parsed.tag.length === TAG_BYTES ? parsed : undefined;
}

/**
 * The version and key id are authenticated together with the caller's associated data, so an
 * envelope cannot be relabelled, and a credential bound to `tenant:system` does not decrypt
 * under another tenant. `undefined` and `''` associated data are the same.
 */
function associatedData(kid: string, aad: string | undefined): Buffer {
  return Buffer.from(`${PREFIX}${kid}\u0000${aad ?? ''}`, 'utf8');
}

/** Encrypts with the ring's active key: `enc:v1:<kid>:<iv>:<tag>:<ciphertext>` (base64url parts). */
export function encryptSecret(ring: KeyRing, plaintext: string, aad?: string): string {
  const kid = ring.activeKeyId;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, ring.key(kid), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(kid, aad));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'));
  return `${PREFIX}${kid}:${parts.join(':')}`;
}

/** Decrypts with the key the envelope names, so envelopes under a rotated-out key still open. */
export function decryptSecret(ring: KeyRing, envelope: string, aad?: string): string {
  const parsed = parseEnvelope(envelope);
  if (!parsed) throw malformed();
  const decipher = createDecipheriv(ALGORITHM, ring.key(parsed.kid), parsed.iv, {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(associatedData(parsed.kid, aad));
  decipher.setAuthTag(parsed.tag);
  try {
    return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    // The cipher's own error is deliberately dropped: it says nothing useful and must not be logged
    // next to key material.
    throw new AuthError(
      SecretErrorCode.SECRET_DECRYPTION_FAILED,
      `Cannot decrypt secret under key "${parsed.kid}": authentication failed ` +
        '(tampered data, wrong key or wrong associated data)',
      { details: { keyId: parsed.kid } },
    );
  }
}

/** The same secret under the active key; an envelope already under it is returned unchanged. */
export function reencryptSecret(ring: KeyRing, envelope: string, aad?: string): string {
  const parsed = parseEnvelope(envelope);
  if (!parsed) throw malformed();
  if (parsed.kid === ring.activeKeyId) return envelope;
  return encryptSecret(ring, decryptSecret(ring, envelope, aad), aad);
}

/** Whether `value` is a well-formed `enc:v1:` envelope (says nothing about whether it decrypts). */
export function isEncryptedSecret(value: unknown): value is string {
  return typeof value === 'string' && parseEnvelope(value) !== undefined;
}

/** The key id an envelope was encrypted under, e.g. to count what still needs re-encrypting. */
export function secretKeyId(envelope: string): string {
  const parsed = parseEnvelope(envelope);
  if (!parsed) throw malformed();
  return parsed.kid;
}
